#include "cli/serve_command.h"

#include <cstdio>

#include "cli/run_support.h"
#include "runtime/node_address.h"
#include "runtime/node_runner.h"

namespace grove::cli {

int run_serve(const ServeOptions& options) {
  runtime::NodeRunOptions node;
  if (options.role == "config") {
    node.role = runtime::NodeRole::kConfig;
  } else if (options.role == "replica") {
    node.role = runtime::NodeRole::kReplica;
  } else {
    std::fprintf(stderr, "grovesim serve: unknown role '%s' (config or replica)\n", options.role.c_str());
    return kExitBadInput;
  }
  const auto listen = runtime::parse_node_address(options.listen);
  if (!listen) {
    std::fprintf(stderr, "grovesim serve: --listen: bad address '%s' (expected A.B.C.D:PORT)\n",
                 options.listen.c_str());
    return kExitBadInput;
  }
  node.listen = *listen;
  const runtime::AddressList configs = runtime::parse_address_list(options.config);
  if (!configs.error.empty()) {
    std::fprintf(stderr, "grovesim serve: --config: %s\n", configs.error.c_str());
    return kExitBadInput;
  }
  node.config_servers = configs.ids;
  if (node.role == runtime::NodeRole::kConfig) {
    bool member = false;
    for (env::NodeId id : node.config_servers) member = member || id == node.listen;
    if (!member) {
      std::fprintf(stderr, "grovesim serve: --config must list this config server's --listen address %s\n",
                   options.listen.c_str());
      return kExitBadInput;
    }
  }
  if (options.clock_uncertainty_ns < 0) {
    std::fprintf(stderr, "grovesim serve: --clock-uncertainty-ns must be >= 0\n");
    return kExitBadInput;
  }
  if (options.group_commit_delay_us >= 0) node.group_commit_delay_ns = options.group_commit_delay_us * env::kMicrosecond;
  const auto bugs = parse_bugs_or_report(options.bugs);
  if (!bugs) return kExitBadInput;
  node.bugs = *bugs;
  node.data_directory = options.data;
  node.ghost_log_path = options.ghost_log;
  node.clock_uncertainty_ns = options.clock_uncertainty_ns;
  return runtime::run_node(node);
}

}  // namespace grove::cli
