// `grovesim cluster up|down|status|restart|kill`: a whole local cluster of `grovesim serve` processes on
// loopback, described by DIR/cluster.json; and `grovesim admin reconfigure`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grove::cli {

struct ClusterOptions {
  std::string action;  // up | down | status | restart | kill
  std::string node;    // restart, kill: one node by name (restart: every node that is down)
  std::string dir = "grovesim-cluster";
  std::size_t config_servers = 3;
  std::size_t replicas = 3;
  std::size_t spares = 1;
  int base_port = 0;
  std::vector<std::string> bugs;
  bool ghost_logs = false;
  long long group_commit_delay_us = -1;  // up; -1: the runtime's default
  bool wipe = false;  // down: also delete the directory
};

int run_cluster(const ClusterOptions& options);

struct AdminOptions {
  std::string action;  // reconfigure
  std::string dir = "grovesim-cluster";
  std::string config;   // config servers (overrides --dir)
  std::string members;  // the new configuration
  double timeout_s = 30;
};

int run_admin(const AdminOptions& options);

// The config servers named by --config, else by DIR/cluster.json; prints the error and returns
// false on bad input.
bool resolve_config_servers(const std::string& command, const std::string& config,
                            const std::string& dir, std::vector<std::uint64_t>& out);

}  // namespace grove::cli
