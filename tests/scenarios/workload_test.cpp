// The vKV workload draws from its own stream: what a client asks for does not depend on the
// draws of the protocol code it calls (the clerk draws from the node's random stream).
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "scenarios/cluster.h"
#include "scenarios/workload.h"
#include "sim/world.h"

namespace grove::scenarios {
namespace {

using Request = std::tuple<OpKind, std::string, std::string>;

// Client 0's first requests (kind, key, value) in a fault-free cluster; `clerk_draws` replaces
// the client node's random stream (the clerk's preferred replica, its retry jitter).
std::vector<Request> first_requests(const std::vector<std::uint64_t>& clerk_draws) {
  sim::World world(sim::WorldOptions{.seed = 5});
  ClusterOptions options;
  options.clients = 1;
  Cluster cluster(world, options);
  if (!clerk_draws.empty()) {
    world.choices().replay(
        {{"node." + std::to_string(cluster.clients()[0]) + ".random", clerk_draws}});
  }
  cluster.start();
  EXPECT_TRUE(cluster.bootstrap());
  Workload workload;
  workload.empty_values = workload.long_values = workload.repeat_values = 0.2;
  workload.hot_key = 0.3;
  spawn_workload(cluster, 0, workload);
  world.run_for(2 * env::kSecond);
  std::vector<Request> requests;
  for (const OpRecord& record : cluster.history()) {
    if (requests.size() == 30) break;
    requests.emplace_back(record.kind, record.key, record.value);
  }
  world.unwind_all_tasks();
  EXPECT_EQ(requests.size(), 30u);
  return requests;
}

TEST(Workload, DrawsFromItsOwnStreamNotTheClerks) {
  const std::vector<Request> seeded = first_requests({});
  const std::vector<Request> other_clerk = first_requests({2, 1, 2, 0, 1, 1, 2, 0, 2, 2, 1, 0});
  EXPECT_EQ(seeded, other_clerk);
}

}  // namespace
}  // namespace grove::scenarios
