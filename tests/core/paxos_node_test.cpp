// The config service's Paxos group in the simulator (protocol.md §4): elections, failover and
// the durability of promises and reservations across crashes.
#include <gtest/gtest.h>

#include "core/vrsm/admin.h"
#include "core/vrsm/config_clerk.h"
#include "core/vrsm/config_server.h"
#include "sim/world.h"
#include "tests/core/cluster_test_util.h"

namespace grove::vrsm {
namespace {

struct Group {
  explicit Group(sim::World& world) {
    ConfigServerOptions options;
    options.paxos_group = {0, 1, 2};
    options.initial_config = {100};
    for (int i = 0; i < 3; ++i) {
      servers.push_back(world.add_node("config" + std::to_string(i), [options](env::Env& env) {
        ConfigServer::start(env, options);
      }));
      world.start(servers.back());
    }
    admin = world.add_node("admin", [](env::Env&) {});
    world.start(admin);
  }
  std::vector<env::NodeId> servers;
  env::NodeId admin = 0;
};

TEST(PaxosNode, NoLeaderMeansNotLeaderUntilAnElection) {
  sim::World world(testing::world_options(1));
  Group group(world);
  std::vector<PaxosErr> elections;
  std::vector<std::uint64_t> reserved;
  bool done = false;
  world.spawn(group.admin, "admin", [&] {
    env::Env& env = world.env(group.admin);
    Timing timing;
    env::CallResult before = env.network.call(group.servers[1], method_id(ConfigMethod::kReserveEpochAndGetConfig),
                                              {}, timing.config_call_timeout_ns);
    EXPECT_EQ(decode_reserve_epoch_reply(before.reply)->err, Err::kNotLeader);
    elections.push_back(make_config_leader(env, group.servers[1], timing));
    elections.push_back(make_config_leader(env, group.servers[1], timing));  // already leader
    ConfigClerk clerk(env, group.servers, timing);
    auto [epoch, config] = clerk.reserve_epoch_and_get_config();
    reserved.push_back(epoch);
    EXPECT_EQ(config, Config{100});  // the initial config, adopted from the promises
    done = true;
  });
  ASSERT_TRUE(world.run_until_condition([&] { return done; }, 5 * env::kSecond));
  EXPECT_EQ(elections, (std::vector<PaxosErr>{PaxosErr::kNone, PaxosErr::kNone}));
  EXPECT_EQ(reserved, std::vector<std::uint64_t>{1});
  EXPECT_EQ(testing::count_ghosts(world, "paxos_leader"), 1u);
}

// The chosen state survives the leader's crash: a new leader adopts it from a majority, and
// reservations keep growing (invariant 8 of §8.1).
TEST(PaxosNode, FailoverKeepsTheChosenState) {
  sim::World world(testing::world_options(2));
  Group group(world);
  std::vector<std::uint64_t> reserved;
  int phase = 0;
  Timing timing;
  auto reserve_twice = [&](std::size_t leader) {
    world.spawn(group.admin, "admin", [&, leader] {
      env::Env& env = world.env(group.admin);
      while (make_config_leader(env, group.servers[leader], timing) != PaxosErr::kNone) {
        env.clock.sleep(10 * env::kMillisecond);
      }
      ConfigClerk clerk(env, group.servers, timing);
      reserved.push_back(clerk.reserve_epoch_and_get_config().first);
      EXPECT_EQ(clerk.try_write_config(reserved.back(), {200 + reserved.back()}), Err::kNone);
      reserved.push_back(clerk.reserve_epoch_and_get_config().first);
      phase += 1;
    });
  };
  reserve_twice(0);
  ASSERT_TRUE(world.run_until_condition([&] { return phase == 1; }, 10 * env::kSecond));
  world.crash(group.servers[0]);
  reserve_twice(2);
  ASSERT_TRUE(world.run_until_condition([&] { return phase == 2; }, 10 * env::kSecond));
  world.restart(group.servers[0]);
  reserve_twice(0);  // the restarted node must outbid leader 2 and adopt its state
  ASSERT_TRUE(world.run_until_condition([&] { return phase == 3; }, 20 * env::kSecond));
  EXPECT_EQ(reserved, (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6}));
  // Promises never decrease on any node, across the crash.
  std::map<std::uint64_t, std::uint64_t> last_promise;
  for (const auto& ghost : world.ghosts()) {
    if (ghost.kind != "paxos_promised") continue;
    EXPECT_GT(ghost.get("epoch"), last_promise[ghost.node]);
    last_promise[ghost.node] = ghost.get("epoch");
  }
}

}  // namespace
}  // namespace grove::vrsm
