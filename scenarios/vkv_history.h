// The client history of a vKV run, as the linearizability checker reads it: one operation per
// OpRecord of the cluster (put, get, cond-put; outputs as the clerk returned them, unknown for
// an op its client abandoned or never finished).
//
// It also records what the clerk guarantees for abandoned writes. A ClientSession's put and
// cond-put go through the exactly-once layer with one client id and increasing sequence
// numbers (core/vrsm/exactly_once_clerk.h); the state machine treats a request whose seq is not
// above the client's last executed seq as a duplicate, without effect (protocol.md §6.2,
// core/vrsm/exactly_once.cpp), and the dedup table moves with the state (§2.3). So once a
// later read-write op of the same session has executed, and it has by the time its reply
// reached the client, an abandoned read-write op of that session can no longer take effect: its
// effect_deadline_ns is that later op's return time. (The true bound is the later op's
// linearization point, which the history cannot express; its return is a sound relaxation.)
// Gets are lease reads that bypass the dedup table and fence nothing; a restarted client
// node has a new session, whose ops fence nothing of the old one.
#pragma once

#include <vector>

#include "scenarios/cluster.h"
#include "traces/history.h"

namespace grove::scenarios {

// `records` in invocation order, as Cluster::history() keeps them. Model "kv".
traces::History vkv_history(const std::vector<OpRecord>& records);

}  // namespace grove::scenarios
