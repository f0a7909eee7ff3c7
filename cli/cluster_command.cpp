#include "cli/cluster_command.h"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "cli/run_support.h"
#include "core/vrsm/admin.h"
#include "core/vrsm/config_clerk.h"
#include "runtime/caller.h"
#include "runtime/local_cluster.h"
#include "runtime/node_address.h"

namespace grove::cli {

namespace {

int cluster_up(const ClusterOptions& options) {
  if (!parse_bugs_or_report(options.bugs)) return kExitBadInput;
  runtime::LocalCluster existing;
  if (runtime::LocalCluster::load(options.dir, existing).empty()) {
    for (std::size_t i = 0; i < existing.nodes().size(); ++i) {
      if (existing.running(i)) {
        std::fprintf(stderr, "grovesim cluster up: %s: a cluster is already up there (%s is running); "
                     "`grovesim cluster down --dir %s` first\n",
                     options.dir.c_str(), existing.nodes()[i].name.c_str(), options.dir.c_str());
        return kExitBadInput;
      }
    }
  }
  runtime::LocalClusterSpec spec;
  spec.directory = options.dir;
  spec.config_servers = options.config_servers;
  spec.replicas = options.replicas;
  spec.spares = options.spares;
  spec.base_port = static_cast<std::uint16_t>(options.base_port);
  spec.bugs = options.bugs;
  spec.ghost_logs = options.ghost_logs;
  if (options.group_commit_delay_us >= 0) spec.group_commit_delay_ns = options.group_commit_delay_us * env::kMicrosecond;
  runtime::LocalCluster cluster;
  std::string error = runtime::LocalCluster::plan(spec, cluster);
  if (error.empty()) error = cluster.start_all();
  if (error.empty()) error = cluster.save();
  if (error.empty()) error = cluster.bootstrap();
  if (!error.empty()) {
    cluster.stop_all();
    std::fprintf(stderr, "grovesim cluster up: %s\n", error.c_str());
    return kExitBadInput;
  }
  std::printf("cluster up in %s: %zu config servers, %zu replicas (%zu members, %zu spares)\n",
              options.dir.c_str(), options.config_servers, options.replicas + options.spares,
              options.replicas, options.spares);
  for (const runtime::LocalNode& node : cluster.nodes()) {
    std::printf("  %-9s %-21s pid %d\n", node.name.c_str(),
                runtime::format_node_address(node.address).c_str(), static_cast<int>(node.pid));
  }
  std::printf("try: grovesim kv put k v --dir %s && grovesim kv get k --dir %s\n", options.dir.c_str(),
              options.dir.c_str());
  return kExitOk;
}

int cluster_down(const ClusterOptions& options) {
  runtime::LocalCluster cluster;
  if (std::string error = runtime::LocalCluster::load(options.dir, cluster); !error.empty()) {
    std::fprintf(stderr, "grovesim cluster down: %s\n", error.c_str());
    return kExitBadInput;
  }
  cluster.stop_all();
  cluster.save();
  if (options.wipe) {
    std::error_code ignored;
    std::filesystem::remove_all(options.dir, ignored);
  }
  std::printf("cluster down in %s%s\n", options.dir.c_str(), options.wipe ? " (directory removed)" : "");
  return kExitOk;
}

int cluster_status(const ClusterOptions& options) {
  runtime::LocalCluster cluster;
  if (std::string error = runtime::LocalCluster::load(options.dir, cluster); !error.empty()) {
    std::fprintf(stderr, "grovesim cluster status: %s\n", error.c_str());
    return kExitBadInput;
  }
  std::size_t up = 0;
  for (std::size_t i = 0; i < cluster.nodes().size(); ++i) {
    const bool running = cluster.running(i);
    up += running ? 1 : 0;
    std::printf("  %-9s %-21s %s\n", cluster.nodes()[i].name.c_str(),
                runtime::format_node_address(cluster.nodes()[i].address).c_str(), running ? "up" : "down");
  }
  return up == cluster.nodes().size() ? kExitOk : kExitFailed;
}

// restart: starts the nodes that are down (or the one named) again on their ports and data
// directories: each recovers its state from disk. kill: SIGKILL one node (a crash).
int cluster_restart_or_kill(const ClusterOptions& options) {
  const std::string command = "grovesim cluster " + options.action;
  runtime::LocalCluster cluster;
  if (std::string error = runtime::LocalCluster::load(options.dir, cluster); !error.empty()) {
    std::fprintf(stderr, "%s: %s\n", command.c_str(), error.c_str());
    return kExitBadInput;
  }
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < cluster.nodes().size(); ++i) {
    if (options.node.empty() ? !cluster.running(i) : cluster.nodes()[i].name == options.node) chosen.push_back(i);
  }
  if (!options.node.empty() && chosen.empty()) {
    std::fprintf(stderr, "%s: no node named '%s' in %s/cluster.json\n", command.c_str(), options.node.c_str(),
                 options.dir.c_str());
    return kExitBadInput;
  }
  if (options.action == "kill") {
    if (options.node.empty()) {
      std::fprintf(stderr, "%s: name the node to kill (--node NAME)\n", command.c_str());
      return kExitBadInput;
    }
    if (!cluster.running(chosen[0])) {
      std::fprintf(stderr, "%s: %s is not running\n", command.c_str(), options.node.c_str());
      return kExitFailed;
    }
    // Not our child: SIGKILL, then wait until it is gone.
    cluster.signal(chosen[0], SIGKILL);
    while (cluster.running(chosen[0])) usleep(5'000);
    cluster.save();
    std::printf("killed %s\n", options.node.c_str());
    return kExitOk;
  }
  for (std::size_t index : chosen) {
    if (cluster.running(index)) {
      std::fprintf(stderr, "%s: %s is running already\n", command.c_str(), cluster.nodes()[index].name.c_str());
      return kExitBadInput;
    }
    std::string error = cluster.start(index);
    if (error.empty()) error = cluster.wait_listening(index, 10 * env::kSecond);
    if (!error.empty()) {
      std::fprintf(stderr, "%s: %s\n", command.c_str(), error.c_str());
      return kExitFailed;
    }
    std::printf("restarted %s (pid %d)\n", cluster.nodes()[index].name.c_str(), static_cast<int>(cluster.nodes()[index].pid));
  }
  cluster.save();
  std::printf("a restarted primary is a backup until the next reconfiguration: "
              "`grovesim admin reconfigure --dir %s` keeps the members and elects a primary\n",
              options.dir.c_str());
  return kExitOk;
}

}  // namespace

bool resolve_config_servers(const std::string& command, const std::string& config,
                            const std::string& dir, std::vector<std::uint64_t>& out) {
  if (!config.empty()) {
    runtime::AddressList list = runtime::parse_address_list(config);
    if (!list.error.empty()) {
      std::fprintf(stderr, "grovesim %s: --config: %s\n", command.c_str(), list.error.c_str());
      return false;
    }
    out.assign(list.ids.begin(), list.ids.end());
    return true;
  }
  runtime::LocalCluster cluster;
  if (std::string error = runtime::LocalCluster::load(dir, cluster); !error.empty()) {
    std::fprintf(stderr, "grovesim %s: %s (or give --config A.B.C.D:PORT,...)\n", command.c_str(), error.c_str());
    return false;
  }
  const auto ids = cluster.config_servers();
  out.assign(ids.begin(), ids.end());
  return true;
}

int run_cluster(const ClusterOptions& options) {
  if (options.action == "up") return cluster_up(options);
  if (options.action == "down") return cluster_down(options);
  if (options.action == "status") return cluster_status(options);
  if (options.action == "restart" || options.action == "kill") return cluster_restart_or_kill(options);
  std::fprintf(stderr, "grovesim cluster: unknown action '%s' (up, down, status, restart or kill)\n",
               options.action.c_str());
  return kExitBadInput;
}

int run_admin(const AdminOptions& options) {
  if (options.action != "reconfigure") {
    std::fprintf(stderr, "grovesim admin: unknown action '%s' (reconfigure)\n", options.action.c_str());
    return kExitBadInput;
  }
  std::vector<std::uint64_t> configs;
  if (!resolve_config_servers("admin", options.config, options.dir, configs)) return kExitBadInput;
  runtime::AddressList members;
  if (!options.members.empty()) {
    members = runtime::parse_address_list(options.members);
    if (!members.error.empty()) {
      std::fprintf(stderr, "grovesim admin: --members: %s\n", members.error.c_str());
      return kExitBadInput;
    }
  }
  const std::vector<env::NodeId> config_servers(configs.begin(), configs.end());
  std::string members_text = options.members;
  const std::optional<int> code = runtime::run_as_caller([&](runtime::ProcessEnv& process) {
    vrsm::Timing timing;
    timing.get_state_timeout_ns = 1 * env::kSecond;  // a member that is down costs 1 s, not 10
    timing.set_state_timeout_ns = 1 * env::kSecond;
    // Paxos has no election of its own (protocol.md §4.5) and a restarted config service has no
    // leader: trigger elections, server after server, until one wins.
    for (std::size_t i = 0; vrsm::make_config_leader(process.env(), config_servers[i % config_servers.size()],
                                                     timing) != vrsm::PaxosErr::kNone;
         ++i) {
      process.sleep(50 * env::kMillisecond);
    }
    if (members.ids.empty()) {
      // The current members again, in a new epoch: gets a primary after a crash or a restart.
      members.ids = vrsm::ConfigClerk(process.env(), config_servers, timing).get_config();
      std::string text;
      for (env::NodeId id : members.ids) text += (text.empty() ? "" : ",") + runtime::format_node_address(id);
      members_text = text;
    }
    vrsm::Admin admin(process.env(), config_servers, timing);
    const std::size_t attempts = std::max<std::size_t>(1, static_cast<std::size_t>(options.timeout_s * 2));
    const vrsm::Err err = admin.reconfigure(members.ids, attempts);
    if (err != vrsm::Err::kNone) {
      std::fprintf(stderr, "grovesim admin reconfigure: failed (error %d)\n", static_cast<int>(err));
      return kExitFailed;
    }
    std::printf("reconfigured to %s\n", members_text.c_str());
    return kExitOk;
  }, static_cast<env::DurationNs>(options.timeout_s * 1e9));
  if (!code) std::fprintf(stderr, "grovesim admin reconfigure: not done within %g s\n", options.timeout_s);
  return code.value_or(kExitFailed);
}

}  // namespace grove::cli
