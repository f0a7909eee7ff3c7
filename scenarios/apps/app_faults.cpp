#include "scenarios/apps/app_faults.h"

#include "sim/network_model.h"

namespace grove::scenarios::apps {

namespace {

DurationNs ms(std::uint64_t n) { return static_cast<DurationNs>(n) * env::kMillisecond; }

}  // namespace

AppFaultPlan::AppFaultPlan(AppDeployment& deployment, AppFaultOptions options,
                           std::function<void(std::size_t)> restart_client)
    : deployment_(deployment),
      options_(options),
      restart_client_(std::move(restart_client)),
      random_(deployment.world().choices().stream("app_faults")) {}

std::uint64_t AppFaultPlan::below(std::uint64_t bound) { return random_.choose(bound); }

void AppFaultPlan::note(std::string text) {
  deployment_.world().note(text);
  log_.push_back(std::move(text));
}

void AppFaultPlan::start_network_faults() {
  sim::World& world = deployment_.world();
  world.network().options().drop_ppm = options_.drop_ppm;
  world.network().options().duplicate_ppm = options_.duplicate_ppm;
  world.network().options().reorder_ppm = options_.reorder_ppm;
}

void AppFaultPlan::prepare() {
  sim::World& world = deployment_.world();
  if (!options_.clock_skew) return;
  // Offsets up to the uncertainty either way, drift up to ±100 ppm: the clamp keeps every
  // clock's interval around true time (safe mode), so leases must still hold.
  const auto uncertainty = static_cast<std::uint64_t>(world.options().clock.uncertainty_ns);
  for (std::size_t node = 0; node < world.node_count(); ++node) {
    const auto offset = static_cast<std::int64_t>(below(2 * uncertainty + 1)) -
                        static_cast<std::int64_t>(uncertainty);
    world.set_clock(node, offset, static_cast<std::int64_t>(below(201)) - 100);
  }
}

void AppFaultPlan::run_safety_phase() {
  for (int i = 0; i < options_.steps; ++i) {
    deployment_.world().run_for(ms(100 + below(700)));
    step();
  }
}

void AppFaultPlan::step() {
  sim::World& world = deployment_.world();
  const std::vector<Cluster*> clusters = deployment_.clusters();
  Cluster& cluster = *clusters[below(clusters.size())];
  const auto& clients = deployment_.clients();
  const auto& replicas = cluster.replicas();
  const auto& config_servers = cluster.config_servers();
  switch (below(7)) {
    case 0:
    case 1: {
      if (!options_.crash_clients || clients.empty()) break;
      const std::size_t client = below(clients.size());
      note("crash app client " + std::to_string(client));
      world.crash(clients[client]);
      client_crashes_ += 1;
      world.run_for(ms(below(400)));
      world.restart(clients[client]);
      restart_client_(client);
      break;
    }
    case 2: {
      if (!options_.crash_servers) break;
      if (below(3) == 0) {
        const std::size_t index = below(config_servers.size());
        note("crash config server " + std::to_string(config_servers[index]));
        world.crash(config_servers[index]);
        world.run_for(ms(below(400)));
        world.restart(config_servers[index]);
        cluster.start_make_config_leader(below(config_servers.size()));
      } else {
        const NodeId replica = replicas[below(replicas.size())];
        note("crash replica " + std::to_string(replica));
        world.crash(replica);
        world.run_for(ms(below(400)));
        world.restart(replica);
      }
      break;
    }
    case 3: {
      if (!options_.reconfigurations) break;
      vrsm::Config config = {replicas[below(replicas.size())]};
      for (NodeId replica : replicas) {
        if (replica != config[0] && config.size() < 3 && below(2) == 1) config.push_back(replica);
      }
      note("reconfigure to " + std::to_string(config.size()) + " replicas");
      cluster.start_reconfiguration(config);
      break;
    }
    case 4: {
      if (!options_.partitions) break;
      const bool client = !clients.empty() && below(3) == 0;
      const NodeId node = client ? clients[below(clients.size())] : replicas[below(replicas.size())];
      note("isolate node " + std::to_string(node));
      world.network().isolate(node);
      world.run_for(ms(below(1200)));
      world.network().heal();
      break;
    }
    case 5: {
      if (!options_.pauses) break;
      const std::uint64_t kind = below(3);
      const NodeId node = kind == 0   ? replicas[below(replicas.size())]
                          : kind == 1 ? config_servers[below(config_servers.size())]
                                      : (clients.empty() ? replicas[0] : clients[below(clients.size())]);
      note("pause node " + std::to_string(node));
      world.pause(node);
      world.run_for(ms(below(1200)));
      world.resume(node);
      break;
    }
    default:
      if (!options_.reconfigurations) break;
      note("config leader change");
      cluster.start_make_config_leader(below(config_servers.size()));
      break;
  }
}

bool AppFaultPlan::heal(DurationNs within) {
  sim::World& world = deployment_.world();
  note("heal");
  world.network().heal();
  world.network().options().drop_ppm = 0;
  world.network().options().duplicate_ppm = 0;
  world.network().options().reorder_ppm = 0;
  for (std::size_t node = 0; node < world.node_count(); ++node) {
    if (world.state(node) == sim::NodeState::kPaused) world.resume(node);
  }
  // A fault-free run needs no healing reconfiguration (it would stall the workload for a
  // lease interval, protocol.md §3.6 and §2.3).
  if (options_.steps == 0) return true;
  for (Cluster* cluster : deployment_.clusters()) {
    if (!cluster->make_config_leader(0, within)) return false;
    if (!cluster->reconfigure(cluster->initial_members(), within)) return false;
  }
  return true;
}

}  // namespace grove::scenarios::apps
