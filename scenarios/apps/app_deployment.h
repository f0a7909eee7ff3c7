// The simulated deployment an application runs on: one vKV cluster (cachekv, lock service) or
// two in the same sim::World (the bank: balances on one, locks on the other, as in gokv's
// vrsm/apps/closed/mains.go, protocol.md §7.4), plus the application's client nodes.
//
// Client nodes belong to neither cluster: an app client talks to both deployments through
// clerks created in its own tasks. Node ids: the data cluster's, then the lock cluster's, then
// the app clients. Calls are made from outside the fibers (a test or the scenario layer).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/cluster.h"
#include "sim/world.h"

namespace grove::scenarios::apps {

struct DeploymentOptions {
  ClusterOptions data;                   // `clients` is ignored: apps bring their own
  std::optional<ClusterOptions> locks;   // a second, separate deployment (the bank's locks)
  std::size_t app_clients = 3;
};

class AppDeployment {
 public:
  AppDeployment(sim::World& world, DeploymentOptions options);

  // Starts every node, then bootstraps each cluster. false if a bootstrap did not finish.
  bool start_and_bootstrap(DurationNs within = 20 * env::kSecond);

  // Runs `body` in a new task of app client `client` (which must be running).
  void spawn_client(std::size_t client, std::function<void(env::Env&)> body);

  sim::World& world() { return world_; }
  Cluster& data() { return *data_; }
  Cluster* locks() { return locks_.get(); }  // nullptr without a lock deployment
  std::vector<Cluster*> clusters();
  const std::vector<NodeId>& clients() const { return clients_; }
  const vrsm::Timing& timing() const { return options_.data.timing; }

 private:
  sim::World& world_;
  DeploymentOptions options_;
  std::unique_ptr<Cluster> data_;
  std::unique_ptr<Cluster> locks_;
  std::vector<NodeId> clients_;
};

// The true time at which `node`'s clock interval first reaches `local_ns` with its upper bound
// (hi >= local_ns), from now on, under the node's current clock model (a later set_clock is not
// foreseen). This is when a lease holder's own clock says a lease ending at local_ns is over.
TimeNs true_time_when_hi_reaches(sim::World& world, NodeId node, TimeNs local_ns);

}  // namespace grove::scenarios::apps
