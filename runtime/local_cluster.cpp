#include "runtime/local_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/vrsm/admin.h"
#include "runtime/caller.h"
#include "runtime/free_ports.h"
#include "runtime/node_address.h"

namespace grove::runtime {

namespace {

constexpr std::uint32_t kLoopback = 0x7F000001;

std::string join_addresses(const std::vector<env::NodeId>& ids) {
  std::string text;
  for (env::NodeId id : ids) {
    if (!text.empty()) text += ',';
    text += format_node_address(id);
  }
  return text;
}

bool accepts_connections(env::NodeId address) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in target{};
  target.sin_family = AF_INET;
  target.sin_addr.s_addr = htonl(address_ipv4(address));
  target.sin_port = htons(address_port(address));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof target) == 0;
  close(fd);
  return ok;
}

// A pid of cluster.json may belong to some other program by now (after a reboot, say).
bool is_serve_process(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return cmdline.find(std::string("serve\0", 6)) != std::string::npos;
}

bool make_directory(const std::string& path, std::string& error) {
  if (mkdir(path.c_str(), 0755) == 0 || errno == EEXIST) return true;
  error = path + ": cannot create: " + std::strerror(errno);
  return false;
}

}  // namespace

std::string self_executable() {
  char path[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return "grovesim";
  return std::string(path, static_cast<std::size_t>(n));
}

std::string LocalCluster::plan(const LocalClusterSpec& spec, LocalCluster& out) {
  if (spec.config_servers == 0 || spec.replicas == 0) {
    return "a cluster needs at least one config server and one replica";
  }
  out.spec_ = spec;
  out.nodes_.clear();
  const std::size_t count = spec.config_servers + spec.replicas + spec.spares;
  std::vector<std::uint16_t> ports;
  if (spec.base_port == 0) {
    std::string error;
    ports = free_ports(count, error);
    if (!error.empty()) return error;
  } else {
    if (spec.base_port + count - 1 > 65535) return "--base-port leaves no room for every node";
    for (std::size_t i = 0; i < count; ++i) ports.push_back(static_cast<std::uint16_t>(spec.base_port + i));
  }
  for (std::size_t i = 0; i < count; ++i) {
    LocalNode node;
    const bool config = i < spec.config_servers;
    node.role = config ? NodeRole::kConfig : NodeRole::kReplica;
    node.name = config ? "config" + std::to_string(i) : "replica" + std::to_string(i - spec.config_servers);
    node.address = (static_cast<env::NodeId>(kLoopback) << 16) | ports[i];
    out.nodes_.push_back(node);
  }
  return "";
}

std::vector<env::NodeId> LocalCluster::config_servers() const {
  std::vector<env::NodeId> ids;
  for (const LocalNode& node : nodes_) {
    if (node.role == NodeRole::kConfig) ids.push_back(node.address);
  }
  return ids;
}

std::vector<env::NodeId> LocalCluster::replicas() const {
  std::vector<env::NodeId> ids;
  for (const LocalNode& node : nodes_) {
    if (node.role == NodeRole::kReplica) ids.push_back(node.address);
  }
  return ids;
}

std::vector<env::NodeId> LocalCluster::initial_members() const {
  std::vector<env::NodeId> ids = replicas();
  ids.resize(std::min(ids.size(), spec_.replicas));
  return ids;
}

std::string LocalCluster::data_directory(std::size_t index) const {
  return spec_.directory + "/" + nodes_.at(index).name;
}
std::string LocalCluster::log_path(std::size_t index) const {
  return spec_.directory + "/" + nodes_.at(index).name + ".log";
}
std::string LocalCluster::ghost_path(std::size_t index) const {
  return spec_.directory + "/" + nodes_.at(index).name + ".ghost.jsonl";
}

std::string LocalCluster::last_log_line(std::size_t index) const {
  std::ifstream in(log_path(index));
  std::string line;
  std::string last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

std::string LocalCluster::save() const {
  nlohmann::json doc;
  doc["config_servers"] = spec_.config_servers;
  doc["replicas"] = spec_.replicas;
  doc["spares"] = spec_.spares;
  doc["bugs"] = spec_.bugs;
  doc["ghost_logs"] = spec_.ghost_logs;
  doc["clock_uncertainty_ns"] = spec_.clock_uncertainty_ns;
  doc["group_commit_delay_ns"] = spec_.group_commit_delay_ns;
  doc["nodes"] = nlohmann::json::array();
  for (const LocalNode& node : nodes_) {
    doc["nodes"].push_back({{"name", node.name},
                            {"role", role_name(node.role)},
                            {"address", format_node_address(node.address)},
                            {"pid", node.pid}});
  }
  const std::string path = spec_.directory + "/cluster.json";
  std::ofstream out(path);
  out << doc.dump(2) << "\n";
  if (!out.flush()) return path + ": cannot write: " + std::strerror(errno);
  return "";
}

std::string LocalCluster::load(const std::string& directory, LocalCluster& out) {
  const std::string path = directory + "/cluster.json";
  std::ifstream in(path);
  if (!in) return path + ": no cluster here (start one with `grovesim cluster up --dir " + directory + "`)";
  try {
    nlohmann::json doc = nlohmann::json::parse(in);
    out.spec_ = LocalClusterSpec{};
    out.spec_.directory = directory;
    out.spec_.config_servers = doc.at("config_servers").get<std::size_t>();
    out.spec_.replicas = doc.at("replicas").get<std::size_t>();
    out.spec_.spares = doc.at("spares").get<std::size_t>();
    out.spec_.bugs = doc.at("bugs").get<std::vector<std::string>>();
    out.spec_.ghost_logs = doc.at("ghost_logs").get<bool>();
    out.spec_.clock_uncertainty_ns = doc.at("clock_uncertainty_ns").get<env::DurationNs>();
    // Absent in clusters laid out before the option existed.
    out.spec_.group_commit_delay_ns = doc.value("group_commit_delay_ns", kDefaultGroupCommitDelayNs);
    out.nodes_.clear();
    for (const auto& item : doc.at("nodes")) {
      LocalNode node;
      node.name = item.at("name").get<std::string>();
      node.role = item.at("role").get<std::string>() == "config" ? NodeRole::kConfig : NodeRole::kReplica;
      const auto address = parse_node_address(item.at("address").get<std::string>());
      if (!address) return path + ": bad address in node " + node.name;
      node.address = *address;
      node.pid = item.at("pid").get<pid_t>();
      out.nodes_.push_back(node);
    }
  } catch (const nlohmann::json::exception& error) {
    return path + ": " + error.what();
  }
  return "";
}

std::string LocalCluster::start(std::size_t index) {
  LocalNode& node = nodes_.at(index);
  std::string error;
  if (!make_directory(spec_.directory, error)) return error;
  std::vector<std::string> args = {self_executable(),
                                   "serve",
                                   role_name(node.role),
                                   "--listen",
                                   format_node_address(node.address),
                                   "--config",
                                   join_addresses(config_servers()),
                                   "--data",
                                   data_directory(index),
                                   "--clock-uncertainty-ns",
                                   std::to_string(spec_.clock_uncertainty_ns)};
  if (node.role == NodeRole::kReplica) {
    args.push_back("--group-commit-delay-us");
    args.push_back(std::to_string(spec_.group_commit_delay_ns / env::kMicrosecond));
  }
  if (spec_.ghost_logs) {
    args.push_back("--ghost-log");
    args.push_back(ghost_path(index));
  }
  for (const std::string& bug : spec_.bugs) {
    args.push_back("--bug");
    args.push_back(bug);
  }
  const std::string log = log_path(index);
  const pid_t pid = fork();
  if (pid < 0) return std::string("fork: ") + std::strerror(errno);
  if (pid == 0) {
    setsid();  // outlives the terminal that ran `cluster up`
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    const int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (out >= 0) {
      dup2(out, STDOUT_FILENO);
      dup2(out, STDERR_FILENO);
    }
    if (null >= 0) dup2(null, STDIN_FILENO);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  node.pid = pid;
  node.paused = false;
  return "";
}

std::string LocalCluster::wait_listening(std::size_t index, env::DurationNs within) {
  LocalNode& node = nodes_.at(index);
  const auto deadline = monotonic_now_ns() + within;
  while (monotonic_now_ns() < deadline) {
    if (!running(index)) {
      return node.name + " (" + format_node_address(node.address) + ") exited: " + last_log_line(index);
    }
    if (accepts_connections(node.address)) return "";
    usleep(10'000);
  }
  return node.name + " (" + format_node_address(node.address) + ") did not listen within the time";
}

std::string LocalCluster::start_all(env::DurationNs within) {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (std::string error = start(i); !error.empty()) return error;
  }
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (std::string error = wait_listening(i, within); !error.empty()) return error;
  }
  return "";
}

std::string LocalCluster::bootstrap(env::DurationNs within) {
  const std::vector<env::NodeId> configs = config_servers();
  const std::vector<env::NodeId> members = initial_members();
  std::string error;
  const std::optional<int> done = run_as_caller([&](ProcessEnv& process) {
    env::Env& env = process.env();
    vrsm::Timing timing;
    const TimeNs deadline = monotonic_now_ns() + within;
    while (vrsm::make_config_leader(env, configs[0], timing) != vrsm::PaxosErr::kNone) {
      if (monotonic_now_ns() > deadline) {
        error = "no config server leader (is " + format_node_address(configs[0]) + " up?)";
        return 1;
      }
      env.clock.sleep(50 * env::kMillisecond);
    }
    vrsm::Admin admin(env, configs, timing);
    const vrsm::Err err = admin.initialize_system(members);
    if (err != vrsm::Err::kNone) error = "InitializeSystem failed (error " + std::to_string(static_cast<int>(err)) + ")";
    return 0;
  }, within + 5 * env::kSecond);
  if (error.empty() && !done) error = "InitializeSystem did not finish in time";
  return error;
}

void LocalCluster::signal(std::size_t index, int signal_number) {
  if (nodes_.at(index).pid > 0) ::kill(nodes_[index].pid, signal_number);
}

void LocalCluster::kill(std::size_t index) {
  LocalNode& node = nodes_.at(index);
  if (node.pid <= 0) return;
  ::kill(node.pid, SIGKILL);
  waitpid(node.pid, nullptr, 0);
  node.pid = 0;
  node.paused = false;
}

void LocalCluster::pause(std::size_t index) {
  signal(index, SIGSTOP);
  nodes_.at(index).paused = nodes_[index].pid > 0;
}

void LocalCluster::resume(std::size_t index) {
  signal(index, SIGCONT);
  nodes_.at(index).paused = false;
}

bool LocalCluster::running(std::size_t index) {
  LocalNode& node = nodes_.at(index);
  if (node.pid <= 0) return false;
  const pid_t reaped = waitpid(node.pid, nullptr, WNOHANG);
  if (reaped == node.pid || (reaped < 0 && errno == ECHILD && !is_serve_process(node.pid))) {
    node.pid = 0;
    return false;
  }
  return true;
}

void LocalCluster::stop_all() {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (!running(i)) continue;
    ::kill(nodes_[i].pid, SIGCONT);
    ::kill(nodes_[i].pid, SIGTERM);
  }
  const auto deadline = monotonic_now_ns() + 5 * env::kSecond;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    while (running(i)) {
      if (monotonic_now_ns() > deadline) {
        ::kill(nodes_[i].pid, SIGKILL);
      }
      usleep(5'000);
    }
  }
}

}  // namespace grove::runtime
