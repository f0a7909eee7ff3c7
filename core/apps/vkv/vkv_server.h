// A vKV replica node: the vRSM replica over the exactly-once layer over the vKV state machine
// (protocol.md §7.1). Call from a node's main; recovers from disk on every (re)start.
#pragma once

#include <memory>

#include "core/env/env.h"
#include "core/vrsm/replica_server.h"

namespace grove::apps::vkv {

std::shared_ptr<vrsm::ReplicaServer> start_vkv_replica(env::Env& env, vrsm::ReplicaOptions options);

}  // namespace grove::apps::vkv
