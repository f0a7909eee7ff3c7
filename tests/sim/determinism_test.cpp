// Same seed, same trace; different seeds, different traces; recorded choices replay exactly.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "scenarios/smoke.h"
#include "sim/world.h"

namespace grove {
namespace {

scenarios::SmokeOptions smoke(std::uint64_t seed) {
  scenarios::SmokeOptions options;
  options.seed = seed;
  options.duration_ns = 500'000'000;
  return options;
}

TEST(Determinism, SameSeedSameHashAndFinalDraw) {
  const scenarios::SmokeResult first = scenarios::run_smoke(smoke(42));
  const scenarios::SmokeResult second = scenarios::run_smoke(smoke(42));
  EXPECT_EQ(first.trace_hash, second.trace_hash);
  EXPECT_EQ(first.events, second.events);
  EXPECT_EQ(first.choice_fingerprint, second.choice_fingerprint);
  EXPECT_GT(first.calls_ok, 100u);
  EXPECT_GT(first.events, 1000u);
}

RC_GTEST_PROP(Determinism, SeedDeterminesTheTrace, (std::uint32_t a, std::uint32_t b)) {
  RC_PRE(a != b);
  scenarios::SmokeOptions options_a = smoke(a);
  scenarios::SmokeOptions options_b = smoke(b);
  options_a.duration_ns = options_b.duration_ns = 100'000'000;
  const auto run_a = scenarios::run_smoke(options_a);
  RC_ASSERT(scenarios::run_smoke(options_a).trace_hash == run_a.trace_hash);
  RC_ASSERT(scenarios::run_smoke(options_b).trace_hash != run_a.trace_hash);
}

TEST(Determinism, RecordedChoicesReplayTheSameTrace) {
  sim::ChoiceLog recorded;
  std::uint64_t recorded_hash;
  {
    sim::World world(scenarios::smoke_world_options(7, true));
    world.choices().record();
    recorded_hash = scenarios::run_smoke(world, smoke(7)).trace_hash;
    recorded = world.choices().recorded();
  }
  ASSERT_FALSE(recorded.empty());
  EXPECT_GT(recorded.at("net").size(), 1000u);
  EXPECT_FALSE(recorded.at("schedule").empty());
  // Replay the list under a different seed: the decisions, not the seed, drive the run while
  // the list lasts. Every stream's list covers the whole run, so the trace is identical.
  sim::World world(scenarios::smoke_world_options(999, true));
  world.choices().replay(recorded);
  EXPECT_EQ(scenarios::run_smoke(world, smoke(999)).trace_hash, recorded_hash);
}

TEST(Determinism, EditedChoiceListChangesTheRunButStaysValid) {
  sim::ChoiceLog recorded;
  std::uint64_t recorded_hash;
  {
    sim::World world(scenarios::smoke_world_options(7, true));
    world.choices().record();
    recorded_hash = scenarios::run_smoke(world, smoke(7)).trace_hash;
    recorded = world.choices().recorded();
  }
  // A shrinker's edit: every scheduling decision replaced by 0 (always the first ready task).
  for (auto& value : recorded["schedule"]) value = 0;
  sim::World world(scenarios::smoke_world_options(7, true));
  world.choices().replay(recorded);
  const auto edited = scenarios::run_smoke(world, smoke(7));
  EXPECT_NE(edited.trace_hash, recorded_hash);
  EXPECT_GT(edited.calls_ok, 0u);
}

}  // namespace
}  // namespace grove
