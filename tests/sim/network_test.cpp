// Partitions, heals, clogs and loss deliver exactly what they should.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "sim/network_model.h"
#include "sim/world.h"
#include "tests/sim/sim_test_util.h"

namespace grove::sim {
namespace {

using testing::add_echo_node;
using testing::add_task_node;

WorldOptions fixed_delay() {
  WorldOptions options;
  options.network.min_delay_ns = env::kMillisecond;
  options.network.tail_mean_ns = 0;
  return options;
}

// Every node pings every other node once; returns which (from, to) pairs got a reply.
std::map<std::pair<env::NodeId, env::NodeId>, bool> ping_all(World& world,
                                                             const std::vector<env::NodeId>& nodes) {
  auto results = std::make_shared<std::map<std::pair<env::NodeId, env::NodeId>, bool>>();
  for (env::NodeId from : nodes) {
    world.spawn(from, "pinger", [&world, from, nodes, results] {
      for (env::NodeId to : nodes) {
        if (to == from) continue;
        (*results)[{from, to}] = world.env(from).network.call(to, 1, "p", 10 * env::kMillisecond).ok();
      }
    });
  }
  world.run_for(env::kSecond);
  return *results;
}

TEST(Network, SymmetricSplitCutsExactlyTheCrossGroupLinks) {
  World world(fixed_delay());
  std::vector<env::NodeId> nodes;
  for (int i = 0; i < 5; ++i) nodes.push_back(add_echo_node(world, "n" + std::to_string(i)));
  world.run_for(1);
  world.network().partition({{0, 1}, {2, 3, 4}});
  for (const auto& [link, ok] : ping_all(world, nodes)) {
    const bool same_side = (link.first < 2) == (link.second < 2);
    EXPECT_EQ(ok, same_side) << link.first << "->" << link.second;
  }
  world.network().heal();
  for (const auto& [link, ok] : ping_all(world, nodes)) EXPECT_TRUE(ok);
}

TEST(Network, OneWayCutLosesRequestsOneWayAndRepliesTheOther) {
  World world(fixed_delay());
  std::vector<env::NodeId> nodes = {add_echo_node(world, "a"), add_echo_node(world, "b"),
                                    add_echo_node(world, "c")};
  world.run_for(1);
  world.network().cut_one_way(0, 1);
  // a->b requests are lost; b->a calls fail too because their replies travel a->b.
  for (const auto& [link, ok] : ping_all(world, nodes)) {
    const bool touches_cut = (link.first == 0 && link.second == 1) ||
                             (link.first == 1 && link.second == 0);
    EXPECT_EQ(ok, !touches_cut) << link.first << "->" << link.second;
  }
}

TEST(Network, IsolateAndBridge) {
  World world(fixed_delay());
  std::vector<env::NodeId> nodes;
  for (int i = 0; i < 5; ++i) nodes.push_back(add_echo_node(world, "n" + std::to_string(i)));
  world.run_for(1);
  world.network().isolate(2);
  for (const auto& [link, ok] : ping_all(world, nodes)) {
    EXPECT_EQ(ok, link.first != 2 && link.second != 2) << link.first << "->" << link.second;
  }
  world.network().heal();
  world.network().bridge({0, 1}, 2, {3, 4});
  for (const auto& [link, ok] : ping_all(world, nodes)) {
    const bool crosses = (link.first < 2 && link.second > 2) || (link.first > 2 && link.second < 2);
    EXPECT_EQ(ok, !crosses) << link.first << "->" << link.second;
  }
}

TEST(Network, MessagesInFlightWhenAPartitionStartsAreDropped) {
  World world(fixed_delay());
  const env::NodeId echo = add_echo_node(world, "echo");
  env::CallError error = env::CallError::kNone;
  add_task_node(world, "client", [&](env::Env& env) {
    error = env.network.call(echo, 1, "x", 100 * env::kMillisecond).error;
  });
  world.run_for(env::kMillisecond / 2);  // request in flight
  world.network().isolate(echo);
  world.run_for(env::kMillisecond);
  world.network().heal();  // healed before the timeout: the request is still gone
  world.run_for(env::kSecond);
  EXPECT_EQ(error, env::CallError::kTimeout);
}

TEST(Network, ClogDelaysButDoesNotLose) {
  World world(fixed_delay());
  const env::NodeId echo = add_echo_node(world, "echo");
  env::CallResult result;
  TimeNs returned_at = 0;
  const env::NodeId client = add_task_node(world, "client", [](env::Env&) {});
  world.run_for(1);
  world.network().clog(client, echo, 50 * env::kMillisecond);
  world.spawn(client, "call", [&] {
    result = world.env(client).network.call(echo, 1, "x", env::kSecond);
    returned_at = world.now();
  });
  world.run_for(env::kSecond);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(returned_at, 51 * env::kMillisecond);  // held until 50 ms, then 1 ms back
}

TEST(Network, DropRateIsRoughlyTheConfiguredOne) {
  WorldOptions options = fixed_delay();
  options.network.drop_ppm = 100'000;  // 10% per message: ~19% per round trip
  World world(options);
  const env::NodeId echo = add_echo_node(world, "echo");
  int ok = 0;
  add_task_node(world, "client", [&](env::Env& env) {
    for (int i = 0; i < 2000; ++i) ok += env.network.call(echo, 1, "x", 5 * env::kMillisecond).ok();
  });
  world.run_for(60 * env::kSecond);
  EXPECT_GT(ok, 2000 * 0.75);
  EXPECT_LT(ok, 2000 * 0.87);
}

TEST(Network, UnknownNodesAreClearErrors) {
  World world;
  add_echo_node(world, "a");
  EXPECT_THROW(world.network().isolate(3), std::invalid_argument);
  EXPECT_THROW(world.network().partition({{0}, {9}}), std::invalid_argument);
  EXPECT_THROW(world.network().clog(0, 0, -1), std::invalid_argument);
}

}  // namespace
}  // namespace grove::sim
