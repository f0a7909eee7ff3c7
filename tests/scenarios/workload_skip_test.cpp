// workload.skip_ops: a left-out op is drawn but not issued, so every other op of every client
// keeps its key, kind and value; a bounded workload does not owe the left-out op.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "scenarios/runner.h"
#include "scenarios/scenario_json.h"

namespace grove::scenarios {
namespace {

// (client, op, key, value written): a cond-put's expected value may change (it is the value the
// client last saw), the value it writes may not.
using OpKey = std::tuple<std::uint64_t, std::string, std::string, std::string>;

std::vector<OpKey> ops_of(const RunResult& run) {
  std::vector<OpKey> ops;
  for (const auto& op : run.history.operations) {
    ops.emplace_back(op.client, op.name, op.key, op.input.empty() ? "" : op.input.back());
  }
  std::sort(ops.begin(), ops.end());
  return ops;
}

TEST(WorkloadSkip, LeavesOneOpOutAndMovesNoOther) {
  ScenarioLoad load = load_scenario("vkv-small");
  ASSERT_TRUE(load.ok()) << load.error;
  Scenario scenario = *load.scenario;
  scenario.faults.steps = {};  // no step faults: a plain bounded run
  RunRequest request;
  request.seed = 3;
  const RunResult all = run_scenario(scenario, request);
  ASSERT_TRUE(all.violations.empty());
  ASSERT_EQ(all.workload_ops.size(), static_cast<std::size_t>(scenario.clients));
  EXPECT_EQ(all.workload_ops[0], static_cast<std::uint64_t>(scenario.workload.ops_per_client));

  scenario.workload.skip_ops = {{0, 1}};
  const RunResult fewer = run_scenario(scenario, request);
  EXPECT_TRUE(fewer.violations.empty()) << fewer.violations.front().message;  // nothing owed
  EXPECT_EQ(fewer.ops + 1, all.ops);
  std::vector<OpKey> expected = ops_of(all);
  std::vector<OpKey> got = ops_of(fewer);
  // Exactly one op of client 0 is gone; the others are the same ops.
  std::vector<OpKey> missing;
  std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(), std::back_inserter(missing));
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(std::get<0>(missing[0]), 0u);
  std::vector<OpKey> extra;
  std::set_difference(got.begin(), got.end(), expected.begin(), expected.end(), std::back_inserter(extra));
  EXPECT_TRUE(extra.empty());
}

}  // namespace
}  // namespace grove::scenarios
