#include "scenarios/real/real_campaign.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>

#include "checkers/linearizability.h"
#include "core/apps/vkv/vkv_clerk.h"
#include "core/vrsm/admin.h"
#include "runtime/caller.h"
#include "runtime/local_cluster.h"
#include "runtime/node_address.h"
#include "scenarios/kv_check.h"
#include "scenarios/real/ghost_log_checks.h"
#include "scenarios/vkv_history.h"
#include "traces/history_json.h"

namespace grove::scenarios {

const char* real_fault_name(RealFault fault) {
  switch (fault) {
    case RealFault::kKill: return "kill";
    case RealFault::kPause: return "pause";
    case RealFault::kPartition: return "partition";
    case RealFault::kClock: return "clock";
  }
  return "?";
}

std::vector<RealFault> all_real_faults() {
  return {RealFault::kKill, RealFault::kPause, RealFault::kPartition, RealFault::kClock};
}

namespace {

using runtime::ProcessEnv;
constexpr env::DurationNs kControlTimeoutNs = 300 * env::kMillisecond;
constexpr env::DurationNs kClientGiveUpNs = 2 * env::kSecond;
constexpr std::size_t kKeys = 5;

// The admin's timeouts as in the simulator (scenarios/cluster.h sim_timing): a sealing
// candidate that is down costs one second, not Go's ten.
vrsm::Timing admin_timing() {
  vrsm::Timing timing;
  timing.get_state_timeout_ns = 1 * env::kSecond;
  timing.set_state_timeout_ns = 1 * env::kSecond;
  return timing;
}

class Driver {
 public:
  Driver(ProcessEnv& process, runtime::LocalCluster& cluster, const RealCampaignOptions& options,
         RealCampaignResult& result, std::ofstream& fault_log)
      : process_(process), cluster_(cluster), options_(options), result_(result),
        fault_log_(fault_log), random_(options.seed), impaired_(cluster.nodes().size(), false) {}

  void run();
  const std::vector<OpRecord>& history() const { return history_; }
  env::TimeNs heal_done_ns() const { return heal_done_ns_; }
  bool healed() const { return healed_; }

 private:
  env::Env& env() { return process_.env(); }
  env::TimeNs now() const { return runtime::realtime_now_ns(); }
  env::DurationNs uniform_ns(env::DurationNs low, env::DurationNs high) {
    return std::uniform_int_distribution<env::DurationNs>(low, high)(random_);
  }
  std::size_t pick(std::size_t count) { return std::uniform_int_distribution<std::size_t>(0, count - 1)(random_); }

  void client_loop(std::size_t client);
  void nemesis_loop();
  void admin_loop();
  void election_loop();
  void inject(RealFault fault, std::size_t node);
  void log_fault(const char* kind, std::size_t node, const char* phase, std::int64_t detail = 0);
  void control(std::size_t node, std::uint64_t method, const std::string& args);
  void block(std::size_t node, const std::vector<env::NodeId>& peers);
  void heal();
  void sleep_until(const std::function<bool()>& done, env::DurationNs within);

  ProcessEnv& process_;
  runtime::LocalCluster& cluster_;
  const RealCampaignOptions& options_;
  RealCampaignResult& result_;
  std::ofstream& fault_log_;
  std::mt19937_64 random_;
  std::vector<bool> impaired_;
  std::size_t active_faults_ = 0;
  bool partition_active_ = false;
  bool stop_faults_ = false;
  bool admin_running_ = false;
  bool stop_clients_ = false;
  std::size_t clients_running_ = 0;
  std::vector<OpRecord> history_;
  env::TimeNs heal_done_ns_ = 0;
  bool healed_ = false;
};

void Driver::sleep_until(const std::function<bool()>& done, env::DurationNs within) {
  const env::TimeNs deadline = runtime::monotonic_now_ns() + within;
  while (!done() && runtime::monotonic_now_ns() < deadline) process_.sleep(20 * env::kMillisecond);
}

void Driver::log_fault(const char* kind, std::size_t node, const char* phase, std::int64_t detail) {
  fault_log_ << "{\"t\":" << now() << ",\"fault\":\"" << kind << "\",\"node\":\""
             << cluster_.nodes()[node].name << "\",\"phase\":\"" << phase << "\"";
  if (detail != 0) fault_log_ << ",\"detail\":" << detail;
  fault_log_ << "}\n";
  fault_log_.flush();
  if (options_.progress && std::strcmp(phase, "start") == 0) {
    std::fprintf(stderr, "real-campaign: %s %s\n", kind, cluster_.nodes()[node].name.c_str());
  }
}

void Driver::control(std::size_t node, std::uint64_t method, const std::string& args) {
  // A paused or dead node does not answer: a restarted one starts unpartitioned anyway.
  env().network.call(cluster_.nodes()[node].address, method, args, kControlTimeoutNs);
}

void Driver::block(std::size_t node, const std::vector<env::NodeId>& peers) {
  std::string args(peers.size() * 8, '\0');
  for (std::size_t i = 0; i < peers.size(); ++i) std::memcpy(args.data() + 8 * i, &peers[i], 8);
  control(node, runtime::kControlBlockPeers, args);
}

void Driver::client_loop(std::size_t client) {
  ++clients_running_;
  const std::vector<env::NodeId> configs = cluster_.config_servers();
  apps::vkv::Clerk clerk(env(), configs, vrsm::Timing{}, kClientGiveUpNs);
  std::vector<std::string> seen(kKeys);
  std::uint64_t sequence = 0;
  std::mt19937_64 random(options_.seed * 1000 + client);
  while (!stop_clients_) {
    OpRecord record;
    record.client = client;
    record.session = client;
    const std::size_t key = random() % kKeys;
    record.key = "k" + std::to_string(key);
    const std::uint64_t roll = random() % 100;
    record.kind = roll < 50 ? OpKind::kGet : roll < 85 ? OpKind::kPut : OpKind::kCondPut;
    record.value = "c" + std::to_string(client) + "." + std::to_string(++sequence);
    record.expect = seen[key];
    record.invoke_ns = now();
    const std::size_t slot = history_.size();
    history_.push_back(record);
    vrsm::ClientResult result;
    switch (record.kind) {
      case OpKind::kGet: result = clerk.get(record.key); break;
      case OpKind::kPut: result = clerk.put(record.key, record.value); break;
      case OpKind::kCondPut: result = clerk.cond_put(record.key, record.expect, record.value); break;
    }
    if (result.err != vrsm::Err::kNone) continue;  // abandoned: outcome unknown
    OpRecord& done = history_[slot];
    done.output = result.reply;
    done.return_ns = now();
    if (record.kind == OpKind::kGet) seen[key] = result.reply;
    if (record.kind == OpKind::kPut || (record.kind == OpKind::kCondPut && result.reply == "ok")) {
      seen[key] = record.value;
    }
  }
  --clients_running_;
}

void Driver::inject(RealFault fault, std::size_t node) {
  ++active_faults_;
  impaired_[node] = true;
  const env::DurationNs length = uniform_ns(300 * env::kMillisecond, 2 * env::kSecond);
  ++result_.faults[real_fault_name(fault)];
  switch (fault) {
    case RealFault::kKill:
      log_fault("kill", node, "start");
      cluster_.kill(node);
      process_.sleep(length);
      cluster_.start(node);  // recovers from its data directory, as after a simulated crash
      log_fault("kill", node, "end");
      break;
    case RealFault::kPause:
      log_fault("pause", node, "start");
      cluster_.pause(node);
      process_.sleep(length);
      cluster_.resume(node);
      log_fault("pause", node, "end");
      break;
    case RealFault::kPartition: {
      // Isolate the node from every other server (clients still reach it, as in the sim's
      // server partitions): both directions, so frames are dropped on either side.
      partition_active_ = true;
      log_fault("partition", node, "start");
      std::vector<env::NodeId> others;
      for (std::size_t i = 0; i < cluster_.nodes().size(); ++i) {
        if (i != node) others.push_back(cluster_.nodes()[i].address);
      }
      block(node, others);
      for (std::size_t i = 0; i < cluster_.nodes().size(); ++i) {
        if (i != node) block(i, {cluster_.nodes()[node].address});
      }
      process_.sleep(length);
      for (std::size_t i = 0; i < cluster_.nodes().size(); ++i) block(i, {});
      log_fault("partition", node, "end");
      partition_active_ = false;
      break;
    }
    case RealFault::kClock: {
      // Within the advertised uncertainty: the interval [t-ε, t+ε] still holds true time.
      const env::DurationNs epsilon = cluster_.spec().clock_uncertainty_ns;
      const env::DurationNs offset = uniform_ns(-epsilon, epsilon);
      log_fault("clock", node, "start", offset);
      std::string args(8, '\0');
      std::memcpy(args.data(), &offset, 8);
      control(node, runtime::kControlClockOffset, args);
      process_.sleep(length);
      std::memset(args.data(), 0, 8);
      control(node, runtime::kControlClockOffset, args);
      log_fault("clock", node, "end");
      break;
    }
  }
  impaired_[node] = false;
  --active_faults_;
}

void Driver::nemesis_loop() {
  if (options_.faults.empty()) return;
  while (!stop_faults_) {
    process_.sleep(uniform_ns(200 * env::kMillisecond, 1 * env::kSecond));
    if (stop_faults_ || active_faults_ >= 2) continue;
    const RealFault fault = options_.faults[pick(options_.faults.size())];
    if (fault == RealFault::kPartition && partition_active_) continue;
    const std::size_t node = pick(cluster_.nodes().size());
    if (impaired_[node]) continue;
    process_.spawn("real_fault", [this, fault, node] { inject(fault, node); });
  }
}

void Driver::election_loop() {
  // Paxos has no election of its own (protocol.md §4.5): without triggers, a killed or paused
  // config leader would leave the admin (and every config clerk) retrying forever. Trigger one,
  // on any config server, now and then, as the simulator's heal does.
  const std::vector<env::NodeId> configs = cluster_.config_servers();
  while (!stop_faults_) {
    process_.sleep(uniform_ns(300 * env::kMillisecond, 1 * env::kSecond));
    vrsm::make_config_leader(env(), configs[pick(configs.size())], admin_timing());
  }
}

void Driver::admin_loop() {
  admin_running_ = true;
  const std::vector<env::NodeId> configs = cluster_.config_servers();
  while (!stop_faults_) {
    process_.sleep(uniform_ns(1 * env::kSecond, 3 * env::kSecond));
    if (stop_faults_) break;
    std::vector<env::NodeId> members = cluster_.replicas();
    std::shuffle(members.begin(), members.end(), random_);
    members.resize(std::min<std::size_t>(members.size(), 1 + pick(3)));
    vrsm::Admin admin(env(), configs, admin_timing());
    if (admin.reconfigure(members, 2) == vrsm::Err::kNone) ++result_.reconfigurations;
  }
  admin_running_ = false;
}

void Driver::heal() {
  const env::TimeNs start = now();
  // Faults end by themselves (within 2 s); the admin's last reconfiguration may still run, which
  // the protocol allows (reservations order concurrent reconfigurations).
  sleep_until([this] { return active_faults_ == 0 && !admin_running_; }, 5 * env::kSecond);
  for (std::size_t i = 0; i < cluster_.nodes().size(); ++i) {
    if (cluster_.nodes()[i].paused) cluster_.resume(i);
    if (!cluster_.running(i)) cluster_.start(i);
  }
  for (std::size_t i = 0; i < cluster_.nodes().size(); ++i) {
    block(i, {});
    control(i, runtime::kControlClockOffset, std::string(8, '\0'));
  }
  const std::vector<env::NodeId> configs = cluster_.config_servers();
  const env::TimeNs deadline = runtime::monotonic_now_ns() +
                               static_cast<env::DurationNs>(options_.heal_within_s * 1e9);
  while (runtime::monotonic_now_ns() < deadline) {
    if (vrsm::make_config_leader(env(), configs[0], admin_timing()) != vrsm::PaxosErr::kNone) {
      process_.sleep(100 * env::kMillisecond);
      continue;
    }
    vrsm::Admin admin(env(), configs, admin_timing());
    if (admin.reconfigure(cluster_.initial_members(), 1) == vrsm::Err::kNone) {
      healed_ = true;
      break;
    }
  }
  heal_done_ns_ = now();
  result_.heal_s = static_cast<double>(heal_done_ns_ - start) / 1e9;
}

void Driver::run() {
  for (std::size_t client = 0; client < options_.clients; ++client) {
    process_.spawn("real_client", [this, client] { client_loop(client); });
  }
  process_.spawn("real_nemesis", [this] { nemesis_loop(); });
  process_.spawn("real_admin", [this] { admin_loop(); });
  process_.spawn("real_elections", [this] { election_loop(); });
  process_.sleep(static_cast<env::DurationNs>(options_.duration_s * 1e9));
  stop_faults_ = true;
  if (options_.progress) std::fprintf(stderr, "real-campaign: healing\n");
  heal();
  process_.sleep(static_cast<env::DurationNs>(options_.settle_s * 1e9));
  stop_clients_ = true;
  sleep_until([this] { return clients_running_ == 0; }, kClientGiveUpNs + 3 * env::kSecond);
}

void check_progress_after_heal(const Driver& driver, std::size_t clients, double settle_s,
                               std::vector<Violation>& violations) {
  if (!driver.healed()) {
    violations.push_back({"liveness", "heal-failed",
                          "the heal's reconfiguration to the initial members did not succeed"});
    return;
  }
  std::vector<bool> progressed(clients, false);
  for (const OpRecord& record : driver.history()) {
    if (record.output && record.return_ns >= driver.heal_done_ns()) progressed[record.client] = true;
  }
  for (std::size_t client = 0; client < clients; ++client) {
    if (progressed[client]) continue;
    violations.push_back({"liveness", "no-progress-after-heal",
                          "client " + std::to_string(client) + " completed no operation in the " +
                              std::to_string(settle_s) + " s after the heal"});
  }
}

}  // namespace

RealCampaignResult run_real_campaign(const RealCampaignOptions& options) {
  RealCampaignResult result;
  runtime::LocalClusterSpec spec;
  spec.directory = options.out_dir + "/cluster";
  spec.bugs = options.bugs;
  spec.ghost_logs = true;
  runtime::LocalCluster cluster;
  std::string error = runtime::LocalCluster::plan(spec, cluster);
  if (error.empty()) error = cluster.start_all();
  if (error.empty()) error = cluster.save();
  if (error.empty()) error = cluster.bootstrap();
  for (const runtime::LocalNode& node : cluster.nodes()) result.nodes.emplace_back(node.name, node.address);
  if (!error.empty()) {
    cluster.stop_all();
    result.setup_error = error;
    result.verdict = RunVerdict::kInconclusive;
    return result;
  }
  std::ofstream fault_log(options.out_dir + "/faults.jsonl");
  std::vector<OpRecord> records;
  std::vector<Violation> liveness;
  // Outlives the caller's tasks (a client stuck in a call is unwound when the caller ends).
  std::unique_ptr<Driver> driver;
  runtime::run_as_caller([&](ProcessEnv& process) {
    driver = std::make_unique<Driver>(process, cluster, options, result, fault_log);
    driver->run();
    records = driver->history();
    check_progress_after_heal(*driver, options.clients, options.settle_s, liveness);
    return 0;
  });
  cluster.stop_all();
  cluster.save();

  // ---- checks --------------------------------------------------------------------------
  traces::History history = vkv_history(records);
  {
    std::ofstream out(options.out_dir + "/history.json");
    traces::write_history_json(history, out);
  }
  result.ops = history.operations.size();
  for (const auto& op : history.operations) result.ops_completed += op.outcome_known();
  const KvCheck kv = check_kv_history(
      history, options.check_budget != 0 ? options.check_budget : checkers::kDefaultCheckBudgetSteps,
      result.violations);
  result.check_steps = kv.result.steps;
  bool inconclusive = kv.verdict == RunVerdict::kInconclusive;
  result.inconclusive_reason = kv.inconclusive_reason;
  std::vector<std::string> ghost_paths;
  for (std::size_t i = 0; i < cluster.nodes().size(); ++i) ghost_paths.push_back(cluster.ghost_path(i));
  GhostLogLoad ghosts = load_ghost_logs(ghost_paths);
  if (!ghosts.error.empty()) {
    inconclusive = true;
    result.inconclusive_reason = "a ghost log does not parse: " + ghosts.error;
  } else {
    result.ghost_events = ghosts.events.size();
    check_ghost_events(ghosts.events, result.violations);
  }
  result.violations.insert(result.violations.end(), liveness.begin(), liveness.end());
  result.verdict = !result.violations.empty() ? RunVerdict::kFail
                   : inconclusive             ? RunVerdict::kInconclusive
                                              : RunVerdict::kPass;
  return result;
}

std::string real_campaign_json(const RealCampaignOptions& options, const RealCampaignResult& result) {
  nlohmann::json doc;
  doc["verdict"] = verdict_name(result.verdict);
  if (!result.setup_error.empty()) doc["setup_error"] = result.setup_error;
  doc["duration_s"] = options.duration_s;
  doc["clients"] = options.clients;
  doc["bugs"] = options.bugs;
  doc["seed"] = options.seed;
  doc["ops"] = result.ops;
  doc["ops_completed"] = result.ops_completed;
  doc["faults"] = result.faults;
  doc["reconfigurations"] = result.reconfigurations;
  doc["heal_s"] = result.heal_s;
  doc["ghost_events"] = result.ghost_events;
  doc["check_steps"] = result.check_steps;
  if (!result.inconclusive_reason.empty()) doc["inconclusive_reason"] = result.inconclusive_reason;
  doc["nodes"] = nlohmann::json::array();
  for (const auto& [name, id] : result.nodes) {
    doc["nodes"].push_back({{"name", name}, {"address", runtime::format_node_address(id)}, {"id", id}});
  }
  doc["violations"] = nlohmann::json::array();
  for (const Violation& violation : result.violations) {
    nlohmann::json item = {{"checker", violation.checker}, {"rule", violation.rule}, {"message", violation.message}};
    if (violation.trace_index != traces::kNoTraceIndex) item["ghost_index"] = violation.trace_index;
    if (violation.time_ns >= 0) item["time_ns"] = violation.time_ns;
    doc["violations"].push_back(item);
  }
  return doc.dump(2);
}

}  // namespace grove::scenarios
