// The vKV client workload: each client loops over random Put / Get / CondPut ops on a small key
// space, with think time, recording every op in the cluster's history.
//
// Values are unique per op by default, so the linearizability checker sees which write a read
// observed. The workload can also write empty values, long values (kilobytes: multi-packet
// payloads, big log records and snapshots), values the client wrote before (a read then cannot
// tell two writes apart; the checker must search), and send a share of its ops to one hot key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "scenarios/cluster.h"
#include "scenarios/scenario.h"

namespace grove::scenarios {

// Starts client `client`'s workload loop in a new task of its node. Draws from the world's
// "workload.<client>" stream: a client's choices depend neither on other nodes nor on the
// draws of the protocol code it calls (the clerk draws from the node's own random stream).
// Counts the ops the client starts (left-out ones included) in `ops_started[client]`, the most
// of any of its sessions, if given (it must outlive the run).
void spawn_workload(Cluster& cluster, std::size_t client, const Workload& workload,
                    std::vector<std::uint64_t>* ops_started = nullptr);

}  // namespace grove::scenarios
