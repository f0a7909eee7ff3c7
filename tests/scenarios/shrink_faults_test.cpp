// Shrinking's delta debugging over the Nemesis's timed faults: a failing clock-unsafe run keeps
// only faults it needs (each one left out on its own loses the checker or lengthens the run),
// never gets longer, and the result replays through faults.skip_events alone.
#include <gtest/gtest.h>

#include <algorithm>

#include "scenarios/runner.h"
#include "scenarios/scenario_json.h"
#include "scenarios/shrink.h"

namespace grove::scenarios {
namespace {

bool fires(const RunResult& run, const std::string& checker) {
  return std::any_of(run.violations.begin(), run.violations.end(),
                     [&](const Violation& violation) { return violation.checker == checker; });
}

TEST(ShrinkFaults, LeavesOnlyNeededTimedFaults) {
  const ScenarioLoad load = load_scenario("clock-unsafe");
  ASSERT_TRUE(load.ok()) << load.error;
  std::uint64_t seed = 0;
  for (std::uint64_t candidate = 1; candidate <= 8 && seed == 0; ++candidate) {
    RunRequest request;
    request.seed = candidate;
    if (!run_scenario(*load.scenario, request).violations.empty()) seed = candidate;
  }
  ASSERT_NE(seed, 0u) << "clock-unsafe fails within 8 seeds";
  ShrinkOptions options;
  options.max_runs = 600;
  const ShrinkResult result = shrink(*load.scenario, seed, {}, options);
  ASSERT_TRUE(result.reproduced);
  EXPECT_TRUE(fires(result.run, result.checker));
  EXPECT_LE(result.run.events, result.original.events);
  ASSERT_GT(result.fault_events_before, 0u);
  EXPECT_LT(result.fault_events_after, result.fault_events_before);
  ASSERT_TRUE(result.faults_one_minimal) << "the run budget sufficed";
  EXPECT_EQ(result.run.fault_events - result.run.fault_events_skipped, result.fault_events_after);

  // The shrunk scenario replays to the same run from its file alone.
  RunRequest request;
  request.seed = seed;
  request.fail_fast = result.run.fail_fast;
  const ScenarioLoad again = parse_scenario(scenario_to_json(result.scenario), "shrunk");
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(run_scenario(*again.scenario, request).trace_hash, result.run.trace_hash);

  // Each fault left is needed.
  const std::vector<std::uint64_t>& skipped = result.scenario.faults.skip_events;
  for (std::uint64_t event = 0; event < result.run.fault_events; ++event) {
    if (std::binary_search(skipped.begin(), skipped.end(), event)) continue;
    Scenario fewer = result.scenario;
    fewer.faults.skip_events.push_back(event);
    std::sort(fewer.faults.skip_events.begin(), fewer.faults.skip_events.end());
    const RunResult run = run_scenario(fewer, request);
    EXPECT_TRUE(!fires(run, result.checker) || run.events > result.run.events) << "fault " << event;
  }
}

}  // namespace
}  // namespace grove::scenarios
