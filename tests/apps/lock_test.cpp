// Lock service with leases (protocol.md §7.3): encoding, behaviour without faults, a crashed
// holder's lock taken over only after its lease (and then safely), and A4 caught.
#include <gtest/gtest.h>

#include "checkers/apps/lock_checker.h"
#include "core/apps/lock/lock_clerk.h"
#include "scenarios/apps/app_deployment.h"
#include "tests/apps/app_test_util.h"

namespace grove {
namespace {

namespace lock = apps::lock;

TEST(LockValue, RoundTrip) {
  const lock::LockValue value{42, 1'000'000, "note"};
  EXPECT_EQ(lock::decode_lock_value(lock::encode_lock_value(value)), value);
  EXPECT_FALSE(lock::decode_lock_value(""));       // free
  EXPECT_FALSE(lock::decode_lock_value("short"));  // malformed
}

TEST(Lock, FaultFreeRunsHaveOneHolderAtATime) {
  for (std::uint64_t seed : {1, 2, 3}) {
    const auto result = scenarios::apps::run_lock(testing::fault_free_run(seed));
    testing::expect_green(result);
    EXPECT_GT(result.check.checked, 30u);
    for (const auto& op : result.history.operations) {
      EXPECT_NE(op.name, "takeover") << "no lease expires without faults: " << result.summary;
    }
  }
}

// A holder crashes while holding the lock; a waiter takes it over only once the holder's
// lease is over (by the waiter's lo), and the possessions never overlap in true time.
TEST(Lock, CrashedHolderIsTakenOverAfterItsLease) {
  sim::WorldOptions world_options;
  world_options.seed = 11;
  world_options.trace_schedule = false;
  sim::World world(world_options);
  scenarios::apps::AppDeployment deployment(world, {.app_clients = 2});
  ASSERT_TRUE(deployment.start_and_bootstrap());
  const auto servers = deployment.data().config_servers();
  const auto timing = deployment.timing();
  const lock::LockOptions options{.lease_duration_ns = 300 * env::kMillisecond};
  std::vector<checkers::apps::LockPossession> possessions;
  bool holder_locked = false;
  std::optional<lock::LockGrant> taken;
  std::uint64_t holder_id = 0;
  deployment.spawn_client(0, [&](env::Env& env) {
    apps::VkvClerkKv kv(env, servers, timing);
    lock::LockClerk locks(env, kv, kv.cid(), options);
    const lock::LockGrant grant = locks.lock("L");
    ASSERT_EQ(grant.err, lock::LockErr::kNone);
    holder_id = kv.cid();
    possessions.push_back({kv.cid(), "L", world.now(),
                           scenarios::apps::true_time_when_hi_reaches(world, env.self, grant.lease_expiration_ns)});
    holder_locked = true;
    env.clock.sleep(10 * env::kSecond);  // crashed long before
  });
  ASSERT_TRUE(deployment.data().run_until([&] { return holder_locked; }, 5 * env::kSecond));
  world.crash(deployment.clients()[0]);
  const env::TimeNs crashed_ns = world.now();
  deployment.spawn_client(1, [&](env::Env& env) {
    apps::VkvClerkKv kv(env, servers, timing);
    lock::LockClerk locks(env, kv, kv.cid(), options);
    const lock::LockGrant grant = locks.lock("L");
    possessions.push_back({kv.cid(), "L", world.now(),
                           scenarios::apps::true_time_when_hi_reaches(world, env.self, grant.lease_expiration_ns)});
    taken = grant;
    EXPECT_EQ(locks.unlock("L"), lock::LockErr::kNone);
  });
  ASSERT_TRUE(deployment.data().run_until([&] { return taken.has_value(); }, 10 * env::kSecond))
      << "the crashed holder's lock was never taken over";
  ASSERT_TRUE(taken->previous);
  EXPECT_EQ(taken->previous->holder, holder_id);
  EXPECT_GT(possessions[1].start_ns, possessions[0].lease_end_ns);
  EXPECT_GT(possessions[1].start_ns, crashed_ns);
  EXPECT_TRUE(checkers::apps::check_lock_mutual_exclusion(possessions).ok());
}

class LockSeeds : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(LockSeeds, MutualExclusionUnderSafeFaults) {
  testing::expect_green(scenarios::apps::run_lock(testing::faulty_run(GetParam())));
}

INSTANTIATE_TEST_SUITE_P(Seeds, LockSeeds, ::testing::Values(1, 2, 3, 4, 5));

// A4: Lock installs itself with a blind Put, so two clients that saw it free both hold it.
TEST(LockBugs, A4BlindPutIsCaught) {
  for (std::uint64_t seed : {1, 2, 3}) {
    scenarios::apps::AppRunOptions options = testing::fault_free_run(seed);
    options.bugs.enable(env::Bug::A4);
    const auto result = scenarios::apps::run_lock(options);
    EXPECT_TRUE(testing::has_rule(result, "two-holders")) << result.summary;
    EXPECT_TRUE(testing::has_rule(result, "lock-not-linearizable")) << result.summary;
  }
}

}  // namespace
}  // namespace grove
