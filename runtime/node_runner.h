// Runs one Grove node (a config server or a vKV replica) as this process, forever: the body of
// `grovesim serve`. The node's main is the very function the simulator starts (core/), and a
// restart recovers from the data directory by the same code.
#pragma once

#include <string>
#include <vector>

#include "core/env/bugs.h"
#include "core/env/types.h"
#include "core/vrsm/timing.h"

namespace grove::runtime {

enum class NodeRole : std::uint8_t { kConfig, kReplica };
const char* role_name(NodeRole role);

// The default commit delay of `grovesim serve` (docs/runtime-bench.md measures it).
inline constexpr env::DurationNs kDefaultGroupCommitDelayNs = 2 * env::kMillisecond;

struct NodeRunOptions {
  NodeRole role = NodeRole::kReplica;
  env::NodeId listen = 0;
  std::vector<env::NodeId> config_servers;  // the Paxos group (a config server is in it)
  std::string data_directory;
  env::DurationNs clock_uncertainty_ns = 1 * env::kMillisecond;
  std::string ghost_log_path;
  env::BugSet bugs;
  vrsm::Timing timing;
  // A replica log's commit delay under concurrent puts (env::Disk::group_commit_delay_ns).
  env::DurationNs group_commit_delay_ns = kDefaultGroupCommitDelayNs;
};

// Checks and claims the data directory: created if missing; its node.json must name this
// role and address if present (a data directory of another node is refused); a replica's log
// or a config server's Paxos state must parse. "" or the one-line error.
std::string prepare_data_directory(const NodeRunOptions& options);

// Prepares, listens, starts the node and serves until killed. Returns 2 (after printing the
// error) if it cannot start.
int run_node(const NodeRunOptions& options);

}  // namespace grove::runtime
