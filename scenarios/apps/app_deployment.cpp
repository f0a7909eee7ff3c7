#include "scenarios/apps/app_deployment.h"

#include "core/apps/vkv/vkv_clerk.h"
#include "sim/node.h"

namespace grove::scenarios::apps {

AppDeployment::AppDeployment(sim::World& world, DeploymentOptions options)
    : world_(world), options_(std::move(options)) {
  ClusterOptions data = options_.data;
  data.clients = 0;
  data_ = std::make_unique<Cluster>(world_, data);
  if (options_.locks) {
    ClusterOptions locks = *options_.locks;
    locks.clients = 0;
    locks_ = std::make_unique<Cluster>(world_, locks);
  }
  for (std::size_t i = 0; i < options_.app_clients; ++i) {
    clients_.push_back(world_.add_node("app_client" + std::to_string(i), [](env::Env&) {}));
  }
}

std::vector<Cluster*> AppDeployment::clusters() {
  std::vector<Cluster*> all = {data_.get()};
  if (locks_) all.push_back(locks_.get());
  return all;
}

bool AppDeployment::start_and_bootstrap(DurationNs within) {
  for (Cluster* cluster : clusters()) cluster->start();
  for (NodeId client : clients_) world_.start(client);
  for (Cluster* cluster : clusters()) {
    if (!cluster->bootstrap(within)) return false;
  }
  // A cluster bootstrapped while epoch 0's lease was still out may stall for up to one lease
  // interval (observed: ~1 s of refused reads and writes right after the first cluster's
  // bootstrap): let that pass, so fault-free app runs measure the apps, not the bootstrap.
  world_.run_for(timing().lease_interval_ns + 200 * env::kMillisecond);
  if (clients_.empty()) return true;
  // Wait until every cluster serves a write and a read: the first epoch's leases come only
  // after the bootstrap's epoch-0 lease ran out, and reads wait for a write in the epoch
  // (protocol.md §3.6). Apps start with reads, so they would all stall at once otherwise.
  auto ready = std::make_shared<std::size_t>(0);
  const vrsm::Timing timing = this->timing();
  for (Cluster* cluster : clusters()) {
    const std::vector<NodeId> config_servers = cluster->config_servers();
    spawn_client(0, [ready, config_servers, timing](env::Env& env) {
      grove::apps::vkv::Clerk clerk(env, config_servers, timing);
      clerk.put("warmup", "1");
      clerk.get("warmup");
      *ready += 1;
    });
  }
  const std::size_t wanted = clusters().size();
  return data_->run_until([ready, wanted] { return *ready == wanted; }, within);
}

void AppDeployment::spawn_client(std::size_t client, std::function<void(env::Env&)> body) {
  const NodeId node = clients_.at(client);
  env::Env& env = world_.env(node);
  world_.spawn(node, "app_client", [&env, body = std::move(body)] { body(env); });
}

TimeNs true_time_when_hi_reaches(sim::World& world, NodeId node, TimeNs local_ns) {
  const sim::ClockModel& clock = world.node(node).clock;
  const bool unsafe = world.unsafe_clocks();
  TimeNs low = world.now();
  if (clock.read(low, unsafe).hi_ns >= local_ns) return low;
  // hi(t) = t + offset(t) + eps is nondecreasing (drift > -1e6 ppm, clamping is continuous):
  // bracket, then bisect to the first nanosecond with hi >= local_ns.
  TimeNs step = std::max<TimeNs>(local_ns - clock.read(low, unsafe).hi_ns, 1);
  TimeNs high = low + step;
  while (clock.read(high, unsafe).hi_ns < local_ns) {
    low = high;
    step *= 2;
    high = low + step;
  }
  while (high - low > 1) {
    const TimeNs middle = low + (high - low) / 2;
    if (clock.read(middle, unsafe).hi_ns >= local_ns) {
      high = middle;
    } else {
      low = middle;
    }
  }
  return high;
}

}  // namespace grove::scenarios::apps
