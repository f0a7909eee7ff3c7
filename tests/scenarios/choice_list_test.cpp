// Choice lists as input: a run driven by a recorded list of decisions is the recorded run,
// whatever the seed; a list that runs out falls back to the seed; an edited list is a valid run.
#include <gtest/gtest.h>

#include "scenarios/runner.h"
#include "scenarios/scenario_json.h"

namespace grove::scenarios {
namespace {

RunResult run(const std::string& scenario_name, std::uint64_t seed, const sim::ChoiceLog* choices,
              bool record) {
  const ScenarioLoad load = load_scenario(scenario_name);
  EXPECT_TRUE(load.ok()) << load.error;
  RunRequest request;
  request.seed = seed;
  request.choices = choices;
  request.record_choices = record;
  return run_scenario(*load.scenario, request);
}

class ChoiceList : public ::testing::TestWithParam<const char*> {};

TEST_P(ChoiceList, ARecordedListReplaysTheRunWhateverTheSeed) {
  const RunResult recorded = run(GetParam(), 5, nullptr, true);
  ASSERT_FALSE(recorded.choices.empty());
  ASSERT_TRUE(recorded.choices.contains("swarm")) << "the swarm draw is a decision too";
  const RunResult same_seed = run(GetParam(), 5, &recorded.choices, false);
  EXPECT_EQ(same_seed.trace_hash, recorded.trace_hash);
  const RunResult other_seed = run(GetParam(), 77, &recorded.choices, false);
  EXPECT_EQ(other_seed.trace_hash, recorded.trace_hash) << "the list alone decides the run";
  EXPECT_EQ(other_seed.events, recorded.events);
}

TEST_P(ChoiceList, AnEditedOrShortenedListIsAnotherValidRun) {
  const RunResult recorded = run(GetParam(), 5, nullptr, true);
  // Half of every list, then seed 77's draws: a different run, still judged like any other.
  sim::ChoiceLog half = recorded.choices;
  for (auto& [stream, values] : half) values.resize(values.size() / 2);
  const RunResult mixed = run(GetParam(), 77, &half, false);
  EXPECT_NE(mixed.trace_hash, recorded.trace_hash);
  EXPECT_TRUE(mixed.passed()) << (mixed.violations.empty() ? "" : mixed.violations[0].message);
  // Every scheduling decision replaced by 0 (the first ready task): values are taken mod n.
  sim::ChoiceLog edited = recorded.choices;
  for (std::uint64_t& value : edited["schedule"]) value = 0;
  const RunResult first_ready = run(GetParam(), 5, &edited, false);
  EXPECT_TRUE(first_ready.passed());
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ChoiceList, ::testing::Values("vkv", "bank"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param);
                         });

}  // namespace
}  // namespace grove::scenarios
