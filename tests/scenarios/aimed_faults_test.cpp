// Aimed faults (scenarios/nemesis_aimed.cpp): faults a search places at chosen times through
// the "aimed" stream. A run without the stream is untouched; an aimed fault happens at its time,
// only of a kind the run has, and is a timed fault that faults.skip_events can leave out.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenarios/runner.h"
#include "scenarios/scenario_json.h"

namespace grove::scenarios {
namespace {

constexpr std::int64_t kSecond = 1'000'000'000;

struct Observed {
  RunResult result;
  std::vector<std::pair<std::int64_t, std::string>> aimed_notes;  // time, label
};

Observed run(const Scenario& scenario, const sim::ChoiceLog* choices) {
  Observed observed;
  RunRequest request;
  request.seed = 5;
  request.choices = choices;
  request.record_choices = true;
  request.observer = [&observed](const traces::TraceEvent& event) {
    if (event.kind == traces::TraceKind::kNote && event.label.starts_with("nemesis: aimed")) {
      observed.aimed_notes.emplace_back(event.time_ns, std::string(event.label));
    }
  };
  observed.result = run_scenario(scenario, request);
  return observed;
}

// The standard vKV cluster and workload with one fault kind only: pauses (at a rate too low to
// draw any in this seed's safety phase).
Scenario pauses_only() {
  const ScenarioLoad load = load_scenario("vkv");
  EXPECT_TRUE(load.ok()) << load.error;
  Scenario scenario = *load.scenario;
  scenario.swarm = false;
  scenario.faults = Faults{};
  scenario.faults.pause.rate_per_s = 1e-9;
  scenario.faults.pause.duration_ms = {20, 40};
  return scenario;
}

TEST(AimedFaults, ARunWithoutTheStreamDrawsNothingFromIt) {
  const Scenario scenario = pauses_only();
  const Observed plain = run(scenario, nullptr);
  EXPECT_FALSE(plain.result.choices.contains("aimed"));
  const sim::ChoiceLog none{{"aimed", {0}}};
  const Observed zero = run(scenario, &none);
  EXPECT_EQ(zero.result.trace_hash, plain.result.trace_hash) << "a count of 0 changes nothing";
  EXPECT_TRUE(zero.aimed_notes.empty());
}

TEST(AimedFaults, HappenAtTheirTimesOnlyAsKindsTheRunHasAndCanBeSkipped) {
  Scenario scenario = pauses_only();
  // Two faults: any kind value means a pause here, the only kind the scenario has.
  const sim::ChoiceLog aimed{{"aimed", {2, 2 * kSecond, 3, 0, 0, 3 * kSecond + 123, 4, 1, 7}}};
  const Observed with = run(scenario, &aimed);
  ASSERT_EQ(with.aimed_notes.size(), 2u);
  EXPECT_EQ(with.aimed_notes[0].first, 2 * kSecond);
  EXPECT_EQ(with.aimed_notes[1].first, 3 * kSecond + 123);
  for (const auto& [time_ns, label] : with.aimed_notes) {
    EXPECT_TRUE(label.starts_with("nemesis: aimed pause")) << label;
  }
  EXPECT_TRUE(with.result.passed());
  const std::vector<std::uint64_t> used{2, 2 * kSecond, 0, 0, 0, 3 * kSecond + 123, 0, 1, 7};
  EXPECT_EQ(with.result.choices.at("aimed"), used) << "recorded as used: kinds reduced to the one";

  // Timed faults, numbered after the Poisson ones: the last number is the second aimed pause.
  ASSERT_GE(with.result.fault_events, 2u);
  scenario.faults.skip_events = {with.result.fault_events - 1};
  const Observed skipped = run(scenario, &aimed);
  ASSERT_EQ(skipped.aimed_notes.size(), 1u);
  EXPECT_EQ(skipped.aimed_notes[0].first, 2 * kSecond);

  // Before the safety phase (time 0) is outside the nemesis's window: not used.
  const sim::ChoiceLog early{{"aimed", {1, 0, 0, 0, 0}}};
  EXPECT_TRUE(run(pauses_only(), &early).aimed_notes.empty());
}

TEST(AimedFaults, NoFaultKindNoAimedFault) {
  Scenario scenario = pauses_only();
  scenario.faults.pause.rate_per_s = 0;
  const sim::ChoiceLog aimed{{"aimed", {1, 2 * kSecond, 0, 0, 0}}};
  const Observed fault_free = run(scenario, &aimed);
  EXPECT_TRUE(fault_free.aimed_notes.empty()) << "a search adds no kind the scenario left out";
}

}  // namespace
}  // namespace grove::scenarios
