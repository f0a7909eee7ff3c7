// Scenario files: strict parsing with clear errors, and a lossless round trip.
#include <gtest/gtest.h>

#include "scenarios/scenario_json.h"

namespace grove::scenarios {
namespace {

std::string error_of(const std::string& text) {
  ScenarioLoad load = parse_scenario(text, "my.json");
  EXPECT_FALSE(load.ok());
  return load.error;
}

TEST(ScenarioJson, UnknownKeysNameTheFileTheKeyAndTheChoices) {
  const std::string error = error_of(R"({"name": "x", "cluster": {"replica": 3}})");
  EXPECT_NE(error.find("my.json"), std::string::npos) << error;
  EXPECT_NE(error.find("cluster.replica"), std::string::npos) << error;
  EXPECT_NE(error.find("replicas"), std::string::npos) << error;
}

TEST(ScenarioJson, BadValuesSayWhatWasExpected) {
  std::string error = error_of(R"({"name": "x", "faults": {"network": {"drop": 2}}})");
  EXPECT_NE(error.find("faults.network.drop"), std::string::npos) << error;
  EXPECT_NE(error.find("expected a number in [0, 1]"), std::string::npos) << error;
  error = error_of(R"({"name": "x", "cluster": {"clients": "four"}})");
  EXPECT_NE(error.find("cluster.clients: expected an integer"), std::string::npos) << error;
  error = error_of(R"({"name": "x", "faults": {"partition": {"shapes": ["square"]}}})");
  EXPECT_NE(error.find("faults.partition.shapes"), std::string::npos) << error;
  error = error_of(R"({"name": "x", "workload": {"think_ms": [5, 1]}})");
  EXPECT_NE(error.find("workload.think_ms"), std::string::npos) << error;
  error = error_of(R"({"cluster": {}})");
  EXPECT_NE(error.find("name"), std::string::npos) << error;
}

TEST(ScenarioJson, SyntaxErrorsGiveLineAndColumn) {
  const std::string error = error_of("{\n  \"name\": \"x\",\n  \"swarm\": tru\n}");
  EXPECT_NE(error.find("my.json: line 3"), std::string::npos) << error;
}

TEST(ScenarioJson, EveryBuiltinParsesAndRoundTrips) {
  ASSERT_GE(builtin_scenarios().size(), 6u);
  for (const BuiltinScenario& builtin : builtin_scenarios()) {
    ScenarioLoad load = parse_scenario(builtin.json, builtin.name);
    ASSERT_TRUE(load.ok()) << load.error;
    EXPECT_EQ(load.scenario->name, builtin.name);
    const std::string text = scenario_to_json(*load.scenario);
    ScenarioLoad again = parse_scenario(text, "round trip");
    ASSERT_TRUE(again.ok()) << again.error;
    EXPECT_EQ(scenario_to_json(*again.scenario), text);
  }
}

TEST(ScenarioJson, CheckBudgetIsAStepCountWithADefault) {
  ScenarioLoad load = parse_scenario(R"({"name": "x"})", "my.json");
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_EQ(load.scenario->check_budget, checkers::kDefaultCheckBudgetSteps);
  load = parse_scenario(R"({"name": "x", "check_budget": 12345678901})", "my.json");
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_EQ(load.scenario->check_budget, 12345678901u);
  // Replay files embed the scenario: the budget a seed ran with goes with it.
  EXPECT_EQ(parse_scenario(scenario_to_json(*load.scenario), "again").scenario->check_budget,
            12345678901u);
  for (const char* bad : {"0", "-5", "1.5", "\"many\""}) {
    const std::string error = error_of(std::string(R"({"name": "x", "check_budget": )") + bad + "}");
    EXPECT_NE(error.find("my.json: check_budget: expected an integer >= 1"), std::string::npos)
        << error;
  }
}

TEST(ScenarioJson, NewFaultKnobsParseAndRoundTrip) {
  ScenarioLoad load = parse_scenario(R"({"name": "x",
      "workload": {"empty_values": 0.1, "long_values": 0.2, "long_value_bytes": [100, 200],
                   "repeat_values": 0.3, "hot_key": 0.4},
      "faults": {
        "network": {"late_duplicate": 0.01, "late_duplicate_ms": [200, 900], "stale_delivery": 0.5},
        "preempt": {"probability": 0.002, "delay_ms": [1, 50], "spurious_wakeup": 0.05},
        "clock": {"step_rate_per_s": 2, "roles": ["primary", "config_leader"],
                  "uncertainty_ms": [1, 200], "drift_stretches_sleeps": false},
        "disk": {"stall": 0.01, "stall_ms": [30, 400]},
        "crash_after": [{"event": "paxos_promised", "probability": 0.1}]}})",
                                     "my.json");
  ASSERT_TRUE(load.ok()) << load.error;
  const Scenario& s = *load.scenario;
  EXPECT_EQ(s.workload.long_value_bytes.max, 200);
  EXPECT_EQ(s.workload.hot_key, 0.4);
  EXPECT_EQ(s.faults.network.late_duplicate_ms.min, 200);
  EXPECT_EQ(s.faults.network.stale_delivery, 0.5);
  EXPECT_EQ(s.faults.preempt.delay_ms.max, 50);
  EXPECT_EQ(s.faults.clock.roles.size(), 2u);
  EXPECT_EQ(s.faults.clock.uncertainty_ms.max, 200);
  EXPECT_FALSE(s.faults.clock.drift_stretches_sleeps);
  EXPECT_EQ(s.faults.disk.stall_ms.max, 400);
  EXPECT_EQ(s.faults.crash_after.at(0).event, StepEvent::kPaxosPromised);
  const std::string text = scenario_to_json(s);
  ScenarioLoad again = parse_scenario(text, "round trip");
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(scenario_to_json(*again.scenario), text);
}

TEST(ScenarioJson, BadNewKnobsNameTheKeyPath) {
  std::string error = error_of(
      R"({"name": "x", "faults": {"crash_after": [{"event": "entry_acepted", "probability": 1}]}})");
  EXPECT_NE(error.find("my.json: faults.crash_after[0].event: expected one of"), std::string::npos)
      << error;
  EXPECT_NE(error.find("entry_accepted"), std::string::npos) << error;  // lists the known steps
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;              // one line
  error = error_of(R"({"name": "x", "faults": {"crash_after": [{"event": 3}]}})");
  EXPECT_NE(error.find("faults.crash_after[0].event"), std::string::npos) << error;
  error = error_of(R"({"name": "x", "faults": {"preempt": {"probability": 1.5}}})");
  EXPECT_NE(error.find("faults.preempt.probability: expected a number in [0, 1]"), std::string::npos)
      << error;
  error = error_of(R"({"name": "x", "faults": {"preempt": {"delay": [1, 2]}}})");
  EXPECT_NE(error.find("faults.preempt.delay: unknown key"), std::string::npos) << error;
  error = error_of(R"({"name": "x", "faults": {"clock": {"uncertainty_ms": [1, 900]}}})");
  EXPECT_NE(error.find("faults.clock.uncertainty_ms"), std::string::npos) << error;
  error = error_of(R"({"name": "x", "faults": {"clock": {"roles": ["leader"]}}})");
  EXPECT_NE(error.find("faults.clock.roles"), std::string::npos) << error;
  error = error_of(R"({"name": "x", "workload": {"long_value_bytes": [10.5, 20]}})");
  EXPECT_NE(error.find("workload.long_value_bytes"), std::string::npos) << error;
  error = error_of(R"({"name": "x", "faults": {"network": {"stale_delivery": -1}}})");
  EXPECT_NE(error.find("faults.network.stale_delivery"), std::string::npos) << error;
  error = error_of(R"({"name": "x", "faults": {"disk": {"stall_ms": [5, 1]}}})");
  EXPECT_NE(error.find("faults.disk.stall_ms"), std::string::npos) << error;
}

TEST(ScenarioJson, LoadScenarioReportsAMissingFile) {
  ScenarioLoad load = load_scenario("/nonexistent/scenario.json");
  EXPECT_FALSE(load.ok());
  EXPECT_NE(load.error.find("/nonexistent/scenario.json"), std::string::npos);
  EXPECT_NE(load.error.find("vkv"), std::string::npos);  // lists the built-ins
}

}  // namespace
}  // namespace grove::scenarios

namespace grove::scenarios {
namespace {

// Inputs that used to crash the tool (an uncaught exception, a stack overflow) are one-line
// errors with the position.
TEST(ScenarioJsonHostileInput, NumbersBeyondADoubleAreAnErrorWithThePosition) {
  const std::string error = error_of("{\"name\": \"x\",\n \"phases\": {\"safety_s\": 1e999}}");
  EXPECT_EQ(error, "my.json: line 2, column 25: invalid JSON: number overflow parsing '1e999'");
}

// Found by fuzz/replay_fuzzer: a key's control bytes went into the error raw, so an unknown key
// holding a line break gave a two-line error.
TEST(ScenarioJsonHostileInput, ControlBytesInKeysAreEscaped) {
  const std::string error = error_of("{\"name\": \"x\", \"workload\": {\"ke\\nk\\u007f\": 1}}");
  EXPECT_EQ(error.rfind("my.json: workload.ke\\x0ak\\x7f: unknown key (expected one of: ", 0), 0u)
      << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

TEST(ScenarioJsonHostileInput, DeepNestingIsAnErrorNotAStackOverflow) {
  for (const std::string& value : {std::string(100000, '['), std::string(100000, '{')}) {
    const std::string error = error_of("{\"name\": \"x\", \"d\": " + value);
    EXPECT_EQ(error, "my.json: line 1, column 147: nested deeper than 128 levels") << value[0];
    EXPECT_EQ(error.find('\n'), std::string::npos);
  }
  // Brackets inside strings do not count.
  const std::string in_string =
      "{\"name\": \"x\", \"description\": \"" + std::string(1000, '[') + "\"}";
  EXPECT_EQ(parse_scenario(in_string, "my.json").error, "");
}

}  // namespace
}  // namespace grove::scenarios

namespace grove::scenarios {
namespace {

// A scenario name ends up in file names (failures/NAME-SEED.replay.json): never a path.
TEST(ScenarioJsonHostileInput, NamesThatArePathsAreRejected) {
  for (const char* name : {"../../esc", "a/b", ".hidden", "x y", "\\u00e9"}) {
    const std::string error = error_of(std::string(R"({"name": ")") + name + "\"}");
    EXPECT_NE(error.find("my.json: name: expected at most 64 letters"), std::string::npos)
        << name << ": " << error;
  }
  EXPECT_EQ(parse_scenario(R"({"name": "my-scenario_2.v1"})", "my.json").error, "");
}

}  // namespace
}  // namespace grove::scenarios

namespace grove::scenarios {
namespace {

TEST(ScenarioJsonHostileInput, HugeKeysAndValuesAreNotEchoedInFull) {
  const std::string huge(1 << 20, 'k');
  std::string error = error_of("{\"name\": \"x\", \"" + huge + "\": 1}");
  EXPECT_LT(error.size(), 600u) << error.substr(0, 200);
  EXPECT_NE(error.find("unknown key"), std::string::npos) << error.substr(0, 200);
  error = error_of("{\"name\": \"x\", \"phases\": {\"safety_s\": \"" + huge + "\"}}");
  EXPECT_LT(error.size(), 300u) << error.substr(0, 200);
}

}  // namespace
}  // namespace grove::scenarios

namespace grove::scenarios {
namespace {

TEST(ScenarioJson, SkipEventsAreDistinctIndicesKeptSorted) {
  ScenarioLoad load = parse_scenario(R"({"name": "x", "faults": {"skip_events": [7, 0, 3]}})", "my.json");
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_EQ(load.scenario->faults.skip_events, (std::vector<std::uint64_t>{0, 3, 7}));
  ScenarioLoad again = parse_scenario(scenario_to_json(*load.scenario), "round trip");
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(again.scenario->faults.skip_events, load.scenario->faults.skip_events);
  std::string error = error_of(R"({"name": "x", "faults": {"skip_events": [1, -2]}})");
  EXPECT_NE(error.find("faults.skip_events: expected each to be an integer >= 0, got -2"), std::string::npos)
      << error;
  error = error_of(R"({"name": "x", "faults": {"skip_events": [4, 4]}})");
  EXPECT_NE(error.find("faults.skip_events: an index is listed twice"), std::string::npos) << error;
  error = error_of(R"({"name": "x", "faults": {"skip_events": 3}})");
  EXPECT_NE(error.find("faults.skip_events: expected a list"), std::string::npos) << error;
}

}  // namespace
}  // namespace grove::scenarios

namespace grove::scenarios {
namespace {

TEST(ScenarioJson, SkipOpsAreDistinctClientOpPairs) {
  ScenarioLoad load =
      parse_scenario(R"({"name": "x", "workload": {"skip_ops": [[1, 4], [0, 9], [0, 2]]}})", "my.json");
  ASSERT_TRUE(load.ok()) << load.error;
  using Pair = std::pair<std::uint64_t, std::uint64_t>;
  EXPECT_EQ(load.scenario->workload.skip_ops, (std::vector<Pair>{{0, 2}, {0, 9}, {1, 4}}));
  ScenarioLoad again = parse_scenario(scenario_to_json(*load.scenario), "round trip");
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(again.scenario->workload.skip_ops, load.scenario->workload.skip_ops);
  std::string error = error_of(R"({"name": "x", "workload": {"skip_ops": [[1]]}})");
  EXPECT_NE(error.find("workload.skip_ops: expected each to be a [client, op] pair"), std::string::npos) << error;
  error = error_of(R"({"name": "x", "workload": {"skip_ops": [[1, 2], [1, 2]]}})");
  EXPECT_NE(error.find("workload.skip_ops: a pair is listed twice"), std::string::npos) << error;
}

}  // namespace
}  // namespace grove::scenarios
