// Swarm soak of the applications, fixed seeds: client crashes mid-operation, replica and
// config-server crashes, isolations, pauses, reconfigurations and leader changes, message
// loss/duplication/reordering, clock offsets and drift within the uncertainty; then heal.
// Zero violations allowed. The big batch (500 seeds per app) is DISABLED_: run it with
//   apps_tests --gtest_also_run_disabled_tests --gtest_filter='*BigBatch*'
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "tests/apps/app_test_util.h"

namespace grove {
namespace {

using scenarios::apps::AppRunResult;

class AppsSoak : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(AppsSoak, CacheKv) { testing::expect_green(scenarios::apps::run_cachekv(testing::faulty_run(GetParam()))); }
TEST_P(AppsSoak, Lock) { testing::expect_green(scenarios::apps::run_lock(testing::faulty_run(GetParam()))); }
TEST_P(AppsSoak, Bank) { testing::expect_green(scenarios::apps::run_bank(testing::faulty_run(GetParam()))); }

INSTANTIATE_TEST_SUITE_P(Seeds, AppsSoak, ::testing::Range<std::uint64_t>(100, 140));

// The same seed gives the same run: history, coverage and trace hash.
TEST(AppsDeterminism, SameSeedSameRun) {
  const AppRunResult first = scenarios::apps::run_bank(testing::faulty_run(77));
  const AppRunResult second = scenarios::apps::run_bank(testing::faulty_run(77));
  EXPECT_EQ(first.trace_hash, second.trace_hash);
  EXPECT_EQ(first.summary, second.summary);
  ASSERT_EQ(first.history.operations.size(), second.history.operations.size());
  for (std::size_t i = 0; i < first.history.operations.size(); ++i) {
    EXPECT_EQ(first.history.operations[i].output, second.history.operations[i].output);
    EXPECT_EQ(first.history.operations[i].invoke_ns, second.history.operations[i].invoke_ns);
  }
}

TEST(AppsSoakBigBatch, DISABLED_FiveHundredSeedsPerApp) {
  using Runner = AppRunResult (*)(const scenarios::apps::AppRunOptions&);
  const std::pair<const char*, Runner> apps[] = {
      {"cachekv", [](const scenarios::apps::AppRunOptions& o) { return scenarios::apps::run_cachekv(o); }},
      {"lock", [](const scenarios::apps::AppRunOptions& o) { return scenarios::apps::run_lock(o); }},
      {"bank", [](const scenarios::apps::AppRunOptions& o) { return scenarios::apps::run_bank(o); }},
  };
  for (const auto& [name, run] : apps) {
    const auto started = std::chrono::steady_clock::now();
    std::size_t failures = 0, operations = 0, crashes = 0;
    for (std::uint64_t seed = 1; seed <= 500; ++seed) {
      const AppRunResult result = run(testing::faulty_run(seed));
      operations += result.history.operations.size();
      crashes += result.client_crashes;
      if (!result.ok()) {
        failures += 1;
        ADD_FAILURE() << result.summary << "\n" << scenarios::apps::describe_failures(result);
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%s: 500 seeds, %zu failing, %zu ops, %zu client crashes, %.1f s\n", name, failures,
                operations, crashes, seconds);
  }
}

}  // namespace
}  // namespace grove
