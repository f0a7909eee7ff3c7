// Scenario runs: determinism for every built-in scenario, no false alarms on the safe ones over
// fixed seeds, and the unsafe-clock self-test firing.
#include <gtest/gtest.h>

#include <set>

#include "scenarios/runner.h"
#include "scenarios/scenario_json.h"

namespace grove::scenarios {
namespace {

Scenario builtin(const std::string& name) {
  ScenarioLoad load = load_scenario(name);
  EXPECT_TRUE(load.ok()) << load.error;
  return *load.scenario;
}

std::string describe(const RunResult& result) {
  std::string text;
  for (const auto& violation : result.violations) {
    text += violation.checker + "/" + violation.rule + ": " + violation.message + "\n";
  }
  return text;
}

TEST(ScenarioRuns, EveryBuiltinScenarioIsDeterministic) {
  for (const BuiltinScenario& entry : builtin_scenarios()) {
    const Scenario scenario = builtin(entry.name);
    RunRequest request;
    request.seed = 11;
    const RunResult first = run_scenario(scenario, request);
    const RunResult second = run_scenario(scenario, request);
    EXPECT_EQ(first.trace_hash, second.trace_hash) << entry.name;
    EXPECT_EQ(first.events, second.events) << entry.name;
    EXPECT_EQ(first.ops, second.ops) << entry.name;
    // A bounded workload (vkv-small) completes every op; the others run for their phases.
    const std::size_t bounded =
        static_cast<std::size_t>(scenario.workload.ops_per_client) * static_cast<std::size_t>(scenario.clients);
    if (bounded > 0) {
      EXPECT_EQ(first.ops_completed, bounded) << entry.name;
    } else {
      EXPECT_GT(first.ops_completed, 20u) << entry.name;
    }
  }
}

TEST(ScenarioRuns, SafeScenariosFindNothingOverFixedSeeds) {
  for (const BuiltinScenario& entry : builtin_scenarios()) {
    const Scenario scenario = builtin(entry.name);
    if (scenario.expect_violations) continue;
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
      RunRequest request;
      request.seed = seed;
      const RunResult result = run_scenario(scenario, request);
      // Passed: no violation, and the check reached its verdict within the default budget.
      EXPECT_TRUE(result.passed()) << entry.name << " seed " << seed << ":\n"
                                   << describe(result) << result.inconclusive_reason;
    }
  }
}

TEST(ScenarioRuns, UnsafeClocksMakeTheCheckersFire) {
  const Scenario scenario = builtin("clock-unsafe");
  int failing = 0;
  std::set<std::string> checkers;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    RunRequest request;
    request.seed = seed;
    const RunResult result = run_scenario(scenario, request);
    failing += result.verdict() == RunVerdict::kFail;
    for (const auto& violation : result.violations) checkers.insert(violation.checker);
  }
  EXPECT_GE(failing, 2);
  EXPECT_TRUE(checkers.count("lease") > 0 || checkers.count("linearizability") > 0);
}

TEST(ScenarioRuns, SwarmDrawIsPrintedAndDiffersBetweenSeeds) {
  const Scenario scenario = builtin("vkv");
  ASSERT_TRUE(scenario.swarm);
  std::set<std::string> draws;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    RunRequest request;
    request.seed = seed;
    draws.insert(run_scenario(scenario, request).faults.describe());
  }
  EXPECT_GE(draws.size(), 4u);
  EXPECT_NE(draws.begin()->find("crash"), std::string::npos);
}

}  // namespace
}  // namespace grove::scenarios
