// Clocks: lo <= true <= hi always in safe mode, whatever offset and drift; breakable in unsafe
// mode.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <vector>

#include "sim/world.h"
#include "tests/sim/sim_test_util.h"

namespace grove::sim {
namespace {

RC_GTEST_PROP(Clock, SafeModeIntervalAlwaysContainsTrueTime,
              (std::int32_t offset_us, std::int16_t drift_ppm, std::uint16_t uncertainty_us)) {
  World world;
  const env::NodeId node = world.add_node("n", [](env::Env&) {});
  world.set_clock_uncertainty(node, static_cast<DurationNs>(uncertainty_us) * 1000);
  world.set_clock(node, static_cast<std::int64_t>(offset_us) * 1000, drift_ppm);
  for (int step = 0; step < 50; ++step) {
    world.run_for(static_cast<DurationNs>(*rc::gen::inRange(0, 1'000'000'000)));
    const env::TimeRange range = world.clock_of(node);
    RC_ASSERT(range.lo_ns <= world.now());
    RC_ASSERT(world.now() <= range.hi_ns);
  }
}

TEST(Clock, UnsafeModeBreaksTheBound) {
  World world;
  const env::NodeId node = world.add_node("n", [](env::Env&) {});
  world.set_clock_uncertainty(node, 10 * env::kMillisecond);
  world.set_clock(node, -50 * env::kMillisecond, 0);  // behind by 5x the advertised bound
  world.run_for(env::kSecond);
  EXPECT_LE(world.clock_of(node).hi_ns, world.now());  // clamped: still contains true time
  world.set_unsafe_clocks(true);
  EXPECT_LT(world.clock_of(node).hi_ns, world.now());  // the contract is now broken
}

TEST(Clock, DriftAccumulatesUpToTheBound) {
  World world;
  const env::NodeId node = world.add_node("n", [](env::Env&) {});
  world.set_clock_uncertainty(node, 10 * env::kMillisecond);
  world.set_clock(node, 0, 1000);  // 1 ms per second fast
  world.run_for(5 * env::kSecond);
  const env::TimeRange range = world.clock_of(node);
  EXPECT_EQ(range.lo_ns + 10 * env::kMillisecond - world.now(), 5 * env::kMillisecond);
  world.run_for(60 * env::kSecond);
  EXPECT_EQ(world.clock_of(node).lo_ns, world.now());  // clamped at +10 ms
}

TEST(Clock, NodesSeeTheirOwnClock) {
  World world;
  env::TimeRange seen{};
  const env::NodeId node = testing::add_task_node(world, "n", [&](env::Env& env) {
    env.clock.sleep(env::kSecond);
    seen = env.clock.now();
  });
  world.set_clock(node, 3 * env::kMillisecond, 0);
  world.run_for(2 * env::kSecond);
  EXPECT_EQ(seen.lo_ns, env::kSecond + 3 * env::kMillisecond - 10 * env::kMillisecond);
  EXPECT_EQ(seen.hi_ns, env::kSecond + 3 * env::kMillisecond + 10 * env::kMillisecond);
}

TEST(Clock, AStepMovesTheClockBackwardsWithinItsUncertainty) {
  World world;
  const env::NodeId node = world.add_node("n", [](env::Env&) {});
  world.set_clock_uncertainty(node, 10 * env::kMillisecond);
  world.set_clock(node, 8 * env::kMillisecond, 0);
  world.run_for(env::kSecond);
  const env::TimeRange before = world.clock_of(node);
  world.step_clock(node, -30 * env::kMillisecond);  // asks for -22 ms: clamped to -10 ms
  const env::TimeRange after = world.clock_of(node);
  EXPECT_EQ(before.lo_ns - after.lo_ns, 18 * env::kMillisecond);  // the clock went backwards
  EXPECT_EQ(world.clock_offset_of(node), -10 * env::kMillisecond);
  EXPECT_LE(after.lo_ns, world.now());
  EXPECT_GE(after.hi_ns, world.now());
  world.step_clock(node, 20 * env::kMillisecond);  // and forwards again, to the other edge
  EXPECT_EQ(world.clock_offset_of(node), 10 * env::kMillisecond);
}

TEST(Clock, AStepKeepsTheDrift) {
  World world;
  const env::NodeId node = world.add_node("n", [](env::Env&) {});
  world.set_clock_uncertainty(node, 10 * env::kMillisecond);
  world.set_clock(node, 0, 1000);
  world.run_for(2 * env::kSecond);  // +2 ms
  world.step_clock(node, -5 * env::kMillisecond);
  EXPECT_EQ(world.clock_offset_of(node), -3 * env::kMillisecond);
  world.run_for(env::kSecond);  // drifts on from the new offset
  EXPECT_EQ(world.clock_offset_of(node), -2 * env::kMillisecond);
}

// A clock 10% fast: sleeps, timed waits and RPC timeouts of the node last 1/1.1 of their
// length in true time.
TEST(Clock, DriftStretchesSleepsAndTimeouts) {
  World world;
  std::vector<TimeNs> ended_at;
  const env::NodeId silent = world.add_node("silent", [](env::Env&) {});  // never started
  const env::NodeId node = testing::add_task_node(world, "n", [&](env::Env& env) {
    env.clock.sleep(1100 * env::kMillisecond);
    ended_at.push_back(world.now());
    env::Mutex mutex(env.tasks);
    env::CondVar condition(env.tasks);
    env::Lock lock(mutex);
    EXPECT_FALSE(condition.wait_for(lock, 1100 * env::kMillisecond));
    ended_at.push_back(world.now());
    lock.unlock();
    EXPECT_FALSE(env.network.call(silent, 1, "x", 1100 * env::kMillisecond).ok());
    ended_at.push_back(world.now());
  });
  world.set_clock(node, 0, 100'000);
  world.run_for(10 * env::kSecond);
  ASSERT_EQ(ended_at.size(), 3u);
  EXPECT_EQ(ended_at[0], 1000 * env::kMillisecond);
  EXPECT_EQ(ended_at[1], 2000 * env::kMillisecond);
  EXPECT_EQ(ended_at[2], 3000 * env::kMillisecond);
}

TEST(Clock, SleepsLastTrueTimeWhenDriftDoesNotStretchThem) {
  WorldOptions options;
  options.clock.drift_stretches_sleeps = false;
  World world(options);
  TimeNs ended_at = -1;
  const env::NodeId node = testing::add_task_node(world, "n", [&](env::Env& env) {
    env.clock.sleep(env::kSecond);
    ended_at = world.now();
  });
  world.set_clock(node, 0, 100'000);
  world.run_for(10 * env::kSecond);
  EXPECT_EQ(ended_at, env::kSecond);
}

}  // namespace
}  // namespace grove::sim
