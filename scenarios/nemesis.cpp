#include "scenarios/nemesis.h"

#include <algorithm>
#include <cmath>

#include "sim/network_model.h"
#include "sim/preemption.h"

namespace grove::scenarios {

bool fault_free(const Faults& faults) {
  return faults.crash.rate_per_s <= 0 && faults.crash_after.empty() && faults.torn_append <= 0 &&
         faults.disk.stall <= 0 && faults.network.drop <= 0 && faults.network.duplicate <= 0 &&
         faults.network.reorder <= 0 && faults.network.late_duplicate <= 0 &&
         faults.network.stale_delivery <= 0 && faults.preempt.probability <= 0 &&
         faults.preempt.spurious_wakeup <= 0 && faults.partition.rate_per_s <= 0 &&
         faults.clog.rate_per_s <= 0 && faults.pause.rate_per_s <= 0 &&
         faults.clock.rate_per_s <= 0 && faults.clock.step_rate_per_s <= 0 &&
         faults.reconfig_rate_per_s <= 0 && faults.leader_change_rate_per_s <= 0 &&
         !faults.steps.any();
}


Nemesis::Nemesis(NemesisTarget target, const Scenario& scenario, const Faults& faults,
                 std::function<void(std::size_t)> restart_client)
    : clusters_(std::move(target.clusters)),
      clients_(std::move(target.clients)),
      scenario_(scenario),
      faults_(faults),
      restart_client_(std::move(restart_client)),
      choices_(clusters_.at(0)->world().choices().stream("faults")),
      steps_left_(faults.steps) {}

std::vector<TimeNs> Nemesis::poisson_times(double rate_per_s, TimeNs start_ns, TimeNs end_ns) {
  std::vector<TimeNs> times;
  if (rate_per_s <= 0) return times;
  double t = static_cast<double>(start_ns);
  for (;;) {
    const double uniform = static_cast<double>(choices_.choose(1ULL << 52) + 1) / 0x1p52;
    t += -std::log(uniform) / rate_per_s * 1e9;
    if (t >= static_cast<double>(end_ns)) return times;
    times.push_back(static_cast<TimeNs>(t));
  }
}

DurationNs Nemesis::draw_duration(const RangeMs& range) {
  const auto min_ns = static_cast<DurationNs>(range.min * 1e6);
  const auto max_ns = static_cast<DurationNs>(range.max * 1e6);
  if (max_ns <= min_ns) return min_ns;
  return min_ns + static_cast<DurationNs>(choices_.choose(static_cast<std::uint64_t>(max_ns - min_ns) + 1));
}

NodeId Nemesis::pick(const std::vector<NodeId>& nodes) { return nodes[choices_.choose(nodes.size())]; }

std::vector<NodeId> Nemesis::all_nodes() const {
  std::vector<NodeId> nodes;
  for (const Cluster* cluster : clusters_) {
    nodes.insert(nodes.end(), cluster->config_servers().begin(), cluster->config_servers().end());
    nodes.insert(nodes.end(), cluster->replicas().begin(), cluster->replicas().end());
  }
  nodes.insert(nodes.end(), clients_.begin(), clients_.end());
  return nodes;
}

std::vector<NodeId> Nemesis::config_servers() const {
  std::vector<NodeId> nodes;
  for (const Cluster* cluster : clusters_) {
    nodes.insert(nodes.end(), cluster->config_servers().begin(), cluster->config_servers().end());
  }
  return nodes;
}

std::vector<NodeId> Nemesis::replicas() const {
  std::vector<NodeId> nodes;
  for (const Cluster* cluster : clusters_) {
    nodes.insert(nodes.end(), cluster->replicas().begin(), cluster->replicas().end());
  }
  return nodes;
}

Cluster& Nemesis::pick_cluster() {
  // One cluster: no draw, so a vKV run's choice stream is what it was before deployments.
  if (clusters_.size() == 1) return *clusters_.front();
  return *clusters_[choices_.choose(clusters_.size())];
}

vrsm::Config Nemesis::random_config(const Cluster& cluster) {
  std::vector<NodeId> pool = cluster.replicas();
  vrsm::Config config;
  const std::size_t size = std::min<std::size_t>(scenario_.replicas, pool.size());
  while (config.size() < size) {
    const std::size_t index = choices_.choose(pool.size());
    config.push_back(pool[index]);
    pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(index));
  }
  return config;
}

// The latest of any cluster's (with two clusters, whichever changed last).
std::optional<NodeId> Nemesis::current_primary() const {
  const auto& ghosts = world().ghosts();
  for (auto event = ghosts.rbegin(); event != ghosts.rend(); ++event) {
    if (event->kind == "became_primary") return event->node;
  }
  return std::nullopt;
}

std::optional<NodeId> Nemesis::current_config_leader() const {
  const auto& ghosts = world().ghosts();
  for (auto event = ghosts.rbegin(); event != ghosts.rend(); ++event) {
    if (event->kind == "paxos_leader") return event->node;
  }
  return std::nullopt;
}

void Nemesis::at(TimeNs time_ns, std::function<void()> fault) {
  const std::size_t number = fault_events_++;
  if (std::binary_search(faults_.skip_events.begin(), faults_.skip_events.end(), number)) {
    ++skipped_events_;
    return;
  }
  world().at(time_ns, std::move(fault));
}

void Nemesis::schedule(TimeNs start_ns, TimeNs end_ns) {
  sim::World& w = world();
  steps_from_ns_ = start_ns;
  steps_until_ns_ = end_ns;
  if (faults_.clock.beyond_uncertainty_ms > 0) world().at(start_ns, [&w] { w.set_unsafe_clocks(true); });
  for (TimeNs t : poisson_times(faults_.crash.rate_per_s, start_ns, end_ns)) {
    at(t, [this] { crash_one(); });
  }
  for (TimeNs t : poisson_times(faults_.partition.rate_per_s, start_ns, end_ns)) {
    at(t, [this] { partition_once(); });
  }
  for (TimeNs t : poisson_times(faults_.clog.rate_per_s, start_ns, end_ns)) {
    at(t, [this] { clog_once(); });
  }
  for (TimeNs t : poisson_times(faults_.pause.rate_per_s, start_ns, end_ns)) {
    at(t, [this] { pause_once(); });
  }
  for (TimeNs t : poisson_times(faults_.clock.rate_per_s, start_ns, end_ns)) {
    at(t, [this] { skew_clock_once(); });
  }
  for (TimeNs t : poisson_times(faults_.clock.step_rate_per_s, start_ns, end_ns)) {
    at(t, [this] { step_clock_once(); });
  }
  for (TimeNs t : poisson_times(faults_.reconfig_rate_per_s, start_ns, end_ns)) {
    at(t, [this] {
      world().note("nemesis: reconfigure");
      Cluster& cluster = pick_cluster();
      cluster.start_reconfiguration(random_config(cluster));
    });
  }
  for (TimeNs t : poisson_times(faults_.leader_change_rate_per_s, start_ns, end_ns)) {
    at(t, [this] {
      world().note("nemesis: config leader change");
      Cluster& cluster = pick_cluster();
      cluster.start_make_config_leader(choices_.choose(cluster.config_servers().size()));
    });
  }
}

std::optional<NodeId> Nemesis::holder_of(const std::string& role) {
  if (role == "primary") return current_primary();
  if (role == "config_leader") return current_config_leader();
  if (role == "client" && clients_.empty()) return std::nullopt;
  return pick(role == "config"   ? config_servers()
              : role == "client" ? clients_
                                 : replicas());
}

void Nemesis::crash_one() {
  const std::string& role = faults_.crash.roles[choices_.choose(faults_.crash.roles.size())];
  const std::optional<NodeId> victim = holder_of(role);
  if (!victim || world().state(*victim) == sim::NodeState::kCrashed) return;
  world().note("nemesis: crash " + role + " " + world().name(*victim));
  world().crash(*victim);
  world().after(draw_duration(faults_.crash.down_ms), [this, node = *victim] { restart(node); });
}

std::string Nemesis::role_of(NodeId node) const {
  auto has = [node](const std::vector<NodeId>& nodes) {
    return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
  };
  if (has(config_servers())) return "config";
  if (has(replicas())) return "replica";
  if (has(clients_)) return "client";
  return "admin";
}

void Nemesis::on_trace_event(const traces::TraceEvent& event) {
  if (event.kind != traces::TraceKind::kGhost && event.kind != traces::TraceKind::kDisk) return;
  if (event.time_ns < steps_from_ns_ || event.time_ns >= steps_until_ns_) return;
  if (event.kind == traces::TraceKind::kGhost && steps_left_.any()) step_fault();
  const std::optional<StepEvent> step = step_event_of(event);
  if (!step) return;
  for (const FaultCrashAfter& trigger : faults_.crash_after) {
    if (trigger.event != *step) continue;
    const std::string role = role_of(event.node);
    if (role == "admin") return;
    if (!trigger.roles.empty() &&
        std::find(trigger.roles.begin(), trigger.roles.end(), role) == trigger.roles.end()) {
      continue;
    }
    const auto ppm = static_cast<std::uint32_t>(std::lround(trigger.probability * 1e6));
    if (choices_.chance_ppm(ppm)) crash_after_step(event.node, trigger);
    return;  // one draw per event
  }
}

void Nemesis::step_fault() {
  // The options, in a fixed order: nothing, crash each running replica or config server,
  // isolate each of them, reconfigure.
  struct Option {
    enum Kind { kNothing, kCrash, kIsolate, kReconfig } kind;
    NodeId node = 0;
  };
  std::vector<Option> options{{Option::kNothing}};
  std::vector<NodeId> nodes = replicas();
  const std::vector<NodeId> servers = config_servers();
  nodes.insert(nodes.end(), servers.begin(), servers.end());
  if (steps_left_.crashes > 0) {
    for (NodeId node : nodes) {
      if (world().state(node) == sim::NodeState::kRunning) options.push_back({Option::kCrash, node});
    }
  }
  if (steps_left_.partitions > 0) {
    for (NodeId node : nodes) options.push_back({Option::kIsolate, node});
  }
  if (steps_left_.reconfigs > 0) options.push_back({Option::kReconfig});
  if (options.size() == 1) return;
  if (faults_.steps.max_faults > 0 && step_faults_done_ >= faults_.steps.max_faults) return;
  if (!step_choices_) step_choices_ = &world().choices().stream("step_faults");
  const Option chosen = options[step_choices_->choose(options.size())];
  // Called inside the stepping node's task: the fault is an action of the world, right after.
  if (chosen.kind == Option::kNothing) return;
  ++step_faults_done_;
  switch (chosen.kind) {
    case Option::kNothing:
      return;
    case Option::kCrash: {
      --steps_left_.crashes;
      const DurationNs down_ns = draw_duration(faults_.steps.down_ms);
      world().after(0, [this, node = chosen.node, down_ns] {
        if (world().state(node) != sim::NodeState::kRunning) return;
        world().note("nemesis: step crash " + world().name(node));
        world().crash(node);
        world().after(down_ns, [this, node] { restart(node); });
      });
      return;
    }
    case Option::kIsolate: {
      --steps_left_.partitions;
      const DurationNs duration_ns = draw_duration(faults_.steps.duration_ms);
      world().after(0, [this, node = chosen.node, duration_ns] {
        world().note("nemesis: step isolate " + world().name(node));
        world().network().isolate(node);
        world().after(duration_ns, [this] { world().network().heal(); });
      });
      return;
    }
    case Option::kReconfig:
      --steps_left_.reconfigs;
      world().after(0, [this] {
        world().note("nemesis: step reconfigure");
        Cluster& cluster = pick_cluster();
        cluster.start_reconfiguration(random_config(cluster));
      });
      return;
  }
}

void Nemesis::crash_after_step(NodeId node, const FaultCrashAfter& step) {
  // Called inside the stepping node's task: the crash is an action of the world, later.
  const DurationNs delay_ns = draw_duration(step.delay_ms);
  const DurationNs down_ns = draw_duration(step.down_ms);
  world().after(delay_ns, [this, node, down_ns, event = step.event] {
    const sim::NodeState state = world().state(node);
    if (state != sim::NodeState::kRunning && state != sim::NodeState::kPaused) return;
    world().note("nemesis: crash " + world().name(node) + " after " +
                 std::string(step_event_name(event)));
    world().crash(node);
    world().after(down_ns, [this, node] { restart(node); });
  });
}

void Nemesis::restart(NodeId node) {
  if (world().state(node) != sim::NodeState::kCrashed) return;
  world().restart(node);
  auto client = std::find(clients_.begin(), clients_.end(), node);
  if (client != clients_.end()) restart_client_(static_cast<std::size_t>(client - clients_.begin()));
}

void Nemesis::partition_once() {
  const std::string& shape =
      faults_.partition.shapes[choices_.choose(faults_.partition.shapes.size())];
  sim::NetworkModel& network = world().network();
  std::vector<NodeId> nodes = all_nodes();
  if (shape == "split" || shape == "bridge") {
    std::vector<NodeId> a, b;
    for (NodeId node : nodes) (choices_.choose(2) == 0 ? a : b).push_back(node);
    if (shape == "split") {
      network.partition({a, b});
    } else {
      network.bridge(a, pick(nodes), b);
    }
  } else if (shape == "one_way") {
    const NodeId from = pick(nodes);
    const NodeId to = pick(nodes);
    network.cut_one_way(from, to);
  } else if (shape == "split_config_leader" || shape == "lag_config_follower") {
    // The config leader loses its Paxos peers but not its clients (a deposed leader that
    // does not know it yet), or one follower stops hearing from it (and serves stale reads).
    const std::optional<NodeId> leader = current_config_leader();
    if (!leader) return;
    // Its Paxos peers: the other config servers of its own cluster.
    std::vector<NodeId> followers;
    for (const Cluster* cluster : clusters_) {
      const std::vector<NodeId>& servers = cluster->config_servers();
      if (std::find(servers.begin(), servers.end(), *leader) == servers.end()) continue;
      for (NodeId server : servers) {
        if (server != *leader) followers.push_back(server);
      }
    }
    if (followers.empty()) return;
    if (shape == "split_config_leader") {
      network.partition({{*leader}, followers});
    } else {
      network.cut_one_way(*leader, pick(followers));
    }
  } else {
    std::optional<NodeId> target = shape == "isolate_primary"         ? current_primary()
                                   : shape == "isolate_config_leader" ? current_config_leader()
                                                                      : std::optional(pick(nodes));
    if (!target) return;
    network.isolate(*target);
  }
  world().note("nemesis: partition " + shape);
  world().after(draw_duration(faults_.partition.duration_ms), [this] { world().network().heal(); });
}

void Nemesis::clog_once() {
  std::vector<NodeId> nodes = all_nodes();
  const NodeId a = pick(nodes);
  const NodeId b = pick(nodes);
  if (a == b) return;
  world().network().clog(a, b, world().now() + draw_duration(faults_.clog.duration_ms));
}

void Nemesis::pause_once() {
  std::vector<NodeId> nodes = config_servers();
  const std::vector<NodeId> members = replicas();
  nodes.insert(nodes.end(), members.begin(), members.end());
  const NodeId victim = pick(nodes);
  if (world().state(victim) != sim::NodeState::kRunning) return;
  world().pause(victim);
  world().after(draw_duration(faults_.pause.duration_ms), [this, victim] {
    if (world().state(victim) == sim::NodeState::kPaused) world().resume(victim);
  });
}

std::optional<NodeId> Nemesis::clock_victim() {
  const std::vector<std::string>& roles = faults_.clock.roles;
  if (roles.empty()) return pick(all_nodes());
  return holder_of(roles[choices_.choose(roles.size())]);
}

void Nemesis::skew_clock_once() {
  const std::optional<NodeId> victim = clock_victim();
  if (!victim) return;
  const double max_ms = faults_.clock.max_offset_ms + faults_.clock.beyond_uncertainty_ms;
  const auto max_ns = static_cast<std::int64_t>(max_ms * 1e6);
  const auto max_ppm = static_cast<std::int64_t>(faults_.clock.max_drift_ppm);
  const std::int64_t offset =
      max_ns > 0 ? static_cast<std::int64_t>(choices_.choose(2 * max_ns + 1)) - max_ns : 0;
  const std::int64_t drift =
      max_ppm > 0 ? static_cast<std::int64_t>(choices_.choose(2 * max_ppm + 1)) - max_ppm : 0;
  world().set_clock(*victim, offset, drift);
}

void Nemesis::step_clock_once() {
  // An honest clock stepped by its discipline: the offset jumps to a new value within the
  // uncertainty (half the time to one edge, the largest step there is), so the clock may run
  // backwards by up to twice the uncertainty. Holders compare leases with hi, grantors with lo
  // (§3.1), both read at the moment of use, so a step between two reads is harmless.
  const std::optional<NodeId> victim = clock_victim();
  if (!victim) return;
  const env::TimeRange range = world().clock_of(*victim);  // [local - eps, local + eps]
  const std::int64_t bound_ns = (range.hi_ns - range.lo_ns) / 2 +
                                static_cast<std::int64_t>(faults_.clock.beyond_uncertainty_ms * 1e6);
  std::int64_t target = bound_ns;
  if (choices_.choose(2) == 0) {
    target = static_cast<std::int64_t>(choices_.choose(2 * static_cast<std::uint64_t>(bound_ns) + 1)) - bound_ns;
  } else if (choices_.choose(2) == 0) {
    target = -bound_ns;
  }
  const std::int64_t delta = target - world().clock_offset_of(*victim);
  world().note("nemesis: clock step " + world().name(*victim) + " by " +
               std::to_string(delta / 1'000'000) + " ms");
  world().step_clock(*victim, delta);
}

std::vector<std::shared_ptr<AdminAction>> Nemesis::heal() {
  sim::World& w = world();
  w.note("nemesis: heal");
  w.network().heal();
  w.network().unclog_all();
  // Faults off: no more loss, duplication or reordering (delays stay).
  w.network().options().drop_ppm = 0;
  w.network().options().duplicate_ppm = 0;
  w.network().options().reorder_ppm = 0;
  w.network().options().late_duplicate_ppm = 0;
  w.network().options().stale_delivery_ppm = 0;
  w.preemption().options().stall_ppm = 0;
  w.preemption().options().spurious_wakeup_ppm = 0;
  w.disk_options().stall_ppm = 0;
  for (NodeId node = 0; node < w.node_count(); ++node) {
    if (w.state(node) == sim::NodeState::kPaused) w.resume(node);
  }
  // Crash and restart the admin: its half-done reconfigurations from the safety phase would
  // otherwise keep competing with the healing one (safe, but slow to converge).
  for (Cluster* cluster : clusters_) {
    w.crash(cluster->admin());
    w.restart(cluster->admin());
  }
  for (NodeId node : all_nodes()) restart(node);
  std::vector<std::shared_ptr<AdminAction>> actions;
  for (Cluster* cluster : clusters_) {
    // The config first, then the leader: the order g++ evaluated the two draws in when they
    // were arguments of one call, which vKV runs' choice streams (and trace hashes) keep.
    const vrsm::Config config = random_config(*cluster);
    const std::uint64_t leader = choices_.choose(cluster->config_servers().size());
    actions.push_back(cluster->start_heal(leader, config));
  }
  return actions;
}

}  // namespace grove::scenarios
