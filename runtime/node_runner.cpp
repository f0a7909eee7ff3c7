#include "runtime/node_runner.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/apps/vkv/vkv_server.h"
#include "core/storage/replica_log_format.h"
#include "core/vrsm/config_server.h"
#include "core/vrsm/paxos_node.h"
#include "core/vrsm/paxos_state.h"
#include "core/vrsm/replica_server.h"
#include "runtime/node_address.h"
#include "runtime/process_env.h"

namespace grove::runtime {

const char* role_name(NodeRole role) { return role == NodeRole::kConfig ? "config" : "replica"; }

namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return true;
}

}  // namespace

std::string prepare_data_directory(const NodeRunOptions& options) {
  const std::string& dir = options.data_directory;
  if (dir.empty()) return "a node needs a data directory (--data DIR)";
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return dir + ": cannot create the data directory: " + std::strerror(errno);
  }
  struct stat info{};
  if (stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) return dir + ": not a directory";
  const std::string identity_path = dir + "/node.json";
  const std::string identity = std::string("{\"role\":\"") + role_name(options.role) +
                               "\",\"address\":\"" + format_node_address(options.listen) + "\"}\n";
  std::string existing;
  if (read_file(identity_path, existing)) {
    if (existing != identity) {
      std::string shown = existing.substr(0, existing.find('\n'));
      return identity_path + ": this data directory belongs to another node (" + shown + ")";
    }
  } else {
    std::ofstream out(identity_path);
    out << identity;
    if (!out.flush()) return identity_path + ": cannot write: " + std::strerror(errno);
  }
  std::string contents;
  if (options.role == NodeRole::kReplica) {
    const std::string log = dir + "/" + vrsm::ReplicaOptions{}.log_file_name;
    if (read_file(log, contents) && !contents.empty() &&
        storage::parse_replica_log(contents).status == storage::ReplicaLogStatus::kHeaderCorrupt) {
      return log + ": corrupt replica log (no valid header record at offset 0)";
    }
  } else {
    const std::string state = dir + "/" + vrsm::PaxosOptions{}.file_name;
    if (read_file(state, contents) && !contents.empty() && !vrsm::decode_paxos_state(contents)) {
      return state + ": corrupt Paxos state file";
    }
  }
  return "";
}

int run_node(const NodeRunOptions& options) {
  if (std::string error = prepare_data_directory(options); !error.empty()) {
    std::fprintf(stderr, "grovesim serve: %s\n", error.c_str());
    return 2;
  }
  EventLoop loop;
  ProcessEnvOptions env_options;
  env_options.self = options.listen;
  env_options.data_directory = options.data_directory;
  env_options.clock_uncertainty_ns = options.clock_uncertainty_ns;
  env_options.group_commit_delay_ns = options.group_commit_delay_ns;
  env_options.ghost_log_path = options.ghost_log_path;
  env_options.bugs = options.bugs;
  ProcessEnv process(loop, env_options);
  if (!process.open_error().empty()) {
    std::fprintf(stderr, "grovesim serve: %s\n", process.open_error().c_str());
    return 2;
  }
  if (std::string error = process.network().listen(); !error.empty()) {
    std::fprintf(stderr, "grovesim serve: %s\n", error.c_str());
    return 2;
  }
  process.serve_control();
  env::Env& env = process.env();
  if (options.role == NodeRole::kConfig) {
    vrsm::ConfigServerOptions config;
    config.paxos_group = options.config_servers;
    config.timing = options.timing;
    loop.spawn("main", [&env, config] { vrsm::ConfigServer::start(env, config); });
  } else {
    vrsm::ReplicaOptions replica;
    replica.timing = options.timing;
    replica.config_servers = options.config_servers;
    loop.spawn("main", [&env, replica] { apps::vkv::start_vkv_replica(env, replica); });
  }
  std::fprintf(stderr, "grovesim serve: %s listening on %s, data in %s\n", role_name(options.role),
               format_node_address(options.listen).c_str(), options.data_directory.c_str());
  loop.run();
  return 0;
}

}  // namespace grove::runtime
