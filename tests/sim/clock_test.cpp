// Clocks: lo <= true <= hi always in safe mode, whatever offset and drift; breakable in unsafe
// mode.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

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

}  // namespace
}  // namespace grove::sim
