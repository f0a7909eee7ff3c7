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

TEST(ScenarioJson, LoadScenarioReportsAMissingFile) {
  ScenarioLoad load = load_scenario("/nonexistent/scenario.json");
  EXPECT_FALSE(load.ok());
  EXPECT_NE(load.error.find("/nonexistent/scenario.json"), std::string::npos);
  EXPECT_NE(load.error.find("vkv"), std::string::npos);  // lists the built-ins
}

}  // namespace
}  // namespace grove::scenarios
