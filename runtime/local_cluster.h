// A whole Grove cluster as local processes on loopback: config servers, replicas (the initial
// members, then spares), each a `grovesim serve` child with its own data directory, log file
// and (optionally) ghost log under one cluster directory, described by DIR/cluster.json.
// Used by `grovesim cluster up|down` and by `grovesim real-campaign`, which also kills,
// pauses and restarts nodes through it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/env/types.h"
#include "runtime/node_runner.h"

namespace grove::runtime {

struct LocalNode {
  std::string name;  // config0, replica1, ...
  NodeRole role = NodeRole::kReplica;
  env::NodeId address = 0;
  pid_t pid = 0;  // 0: not running
  bool paused = false;
};

struct LocalClusterSpec {
  std::string directory = "grovesim-cluster";
  std::size_t config_servers = 3;
  std::size_t replicas = 3;  // initial members
  std::size_t spares = 1;
  std::uint16_t base_port = 0;  // 0: free ports, chosen at random below the ephemeral range
  std::vector<std::string> bugs;
  bool ghost_logs = false;
  env::DurationNs clock_uncertainty_ns = 1 * env::kMillisecond;
  env::DurationNs group_commit_delay_ns = kDefaultGroupCommitDelayNs;  // every replica's log
};

class LocalCluster {
 public:
  // Lays out the cluster (ports, names) without starting anything; "" or the error.
  static std::string plan(const LocalClusterSpec& spec, LocalCluster& out);
  // Reads DIR/cluster.json; "" or the error naming the file.
  static std::string load(const std::string& directory, LocalCluster& out);
  std::string save() const;

  // Starts node `index` (again) as a child process; "" or the error.
  std::string start(std::size_t index);
  // Starts every node and waits until each accepts connections; "" or the error (naming the
  // node and the last line of its log).
  std::string start_all(env::DurationNs within = 10 * env::kSecond);
  // Waits until node `index` accepts connections; "" or why not.
  std::string wait_listening(std::size_t index, env::DurationNs within);
  // Elects config server 0 and runs InitializeSystem with the initial members, as a caller.
  std::string bootstrap(env::DurationNs within = 20 * env::kSecond);

  void signal(std::size_t index, int signal_number);
  // SIGKILL and reap (a crash).
  void kill(std::size_t index);
  void pause(std::size_t index);
  void resume(std::size_t index);
  // SIGCONT then SIGTERM to every running node, and reap them.
  void stop_all();
  // True if node `index`'s process is alive (reaps it otherwise).
  bool running(std::size_t index);

  const LocalClusterSpec& spec() const { return spec_; }
  std::vector<LocalNode>& nodes() { return nodes_; }
  const std::vector<LocalNode>& nodes() const { return nodes_; }
  std::vector<env::NodeId> config_servers() const;
  std::vector<env::NodeId> replicas() const;  // members first, then spares
  std::vector<env::NodeId> initial_members() const;
  std::string data_directory(std::size_t index) const;
  std::string log_path(std::size_t index) const;
  std::string ghost_path(std::size_t index) const;
  std::string last_log_line(std::size_t index) const;

 private:
  LocalClusterSpec spec_;
  std::vector<LocalNode> nodes_;
};

// The running grovesim binary (for starting `grovesim serve` children).
std::string self_executable();

}  // namespace grove::runtime
