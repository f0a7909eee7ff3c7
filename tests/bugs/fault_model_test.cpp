// The fault-model knobs added for the planted-bug benchmark: crashes right after protocol steps
// (faults.crash_after), disk latency (faults.disk), role-targeted crashes and the config-leader
// partition shapes. Each must parse strictly, round-trip through replay files, and happen.
#include <gtest/gtest.h>

#include <string>

#include "scenarios/runner.h"
#include "scenarios/scenario_json.h"

namespace grove::scenarios {
namespace {

Scenario parse_ok(const std::string& text) {
  const ScenarioLoad load = parse_scenario(text, "test");
  EXPECT_TRUE(load.ok()) << load.error;
  return load.ok() ? *load.scenario : Scenario{};
}

std::string parse_error(const std::string& text) { return parse_scenario(text, "test").error; }

// A short vKV run with `faults` (a JSON object body).
std::string short_run(const std::string& faults) {
  return R"({"name": "t", "cluster": {"clients": 2}, "phases": {"safety_s": 2, "heal_s": 2,
             "liveness_bound_s": 2}, "faults": {)" + faults + "}}";
}

TEST(FaultModel, ParsesAndRoundTripsTheNewKnobs) {
  const Scenario scenario = parse_ok(short_run(R"(
      "crash_after": [{"event": "sealed", "probability": 0.5, "delay_ms": [0, 2],
                       "down_ms": [10, 20], "roles": ["replica"]},
                      {"event": "disk_write", "probability": 1}],
      "disk": {"min_latency_us": 1000, "jitter_us": 500},
      "crash": {"rate_per_s": 1, "roles": ["primary", "config_leader"]},
      "partition": {"rate_per_s": 1, "shapes": ["split_config_leader", "lag_config_follower"]})"));
  ASSERT_EQ(scenario.faults.crash_after.size(), 2u);
  EXPECT_EQ(scenario.faults.crash_after[0].event, "sealed");
  EXPECT_EQ(scenario.faults.crash_after[0].delay_ms.max, 2);
  EXPECT_EQ(scenario.faults.crash_after[0].roles, std::vector<std::string>{"replica"});
  EXPECT_EQ(scenario.faults.crash_after[1].probability, 1);
  EXPECT_EQ(scenario.faults.disk.min_latency_us, 1000);
  const Scenario again = parse_ok(scenario_to_json(scenario));
  EXPECT_EQ(scenario_to_json(again), scenario_to_json(scenario));
  // Defaults keep the simulator's disk and no step crashes.
  const Scenario plain = parse_ok(short_run(""));
  EXPECT_TRUE(plain.faults.crash_after.empty());
  EXPECT_EQ(plain.faults.disk.min_latency_us, 50);
  EXPECT_EQ(plain.faults.disk.jitter_us, 100);
}

TEST(FaultModel, RejectsBadStepCrashes) {
  EXPECT_NE(parse_error(short_run(R"("crash_after": [{"probability": 1}])")).find("crash_after[0].event"),
            std::string::npos);
  EXPECT_NE(parse_error(short_run(R"("crash_after": [{"event": "sealed", "probability": 2}])"))
                .find("probability"),
            std::string::npos);
  EXPECT_NE(parse_error(short_run(R"("crash_after": [{"event": "sealed", "roles": ["admin"]}])"))
                .find("roles"),
            std::string::npos);
  EXPECT_NE(parse_error(short_run(R"("crash_after": [{"event": "sealed", "when": 1}])")).find("when"),
            std::string::npos);
  EXPECT_NE(parse_error(short_run(R"("crash_after": {"event": "sealed"})")).find("list"),
            std::string::npos);
  EXPECT_NE(parse_error(short_run(R"("crash": {"roles": ["leader"]})")).find("roles"),
            std::string::npos);
}

// Counts trace events of a run.
struct Observed {
  int crashes = 0;
  int step_crash_notes = 0;
  int role_crash_notes = 0;
  int shape_notes = 0;
};

Observed observe(const Scenario& scenario, std::uint64_t seed, RunResult* out = nullptr) {
  Observed seen;
  RunRequest request;
  request.seed = seed;
  request.observer = [&seen](const traces::TraceEvent& event) {
    if (event.kind == traces::TraceKind::kCrash) ++seen.crashes;
    if (event.kind != traces::TraceKind::kNote) return;
    const std::string_view note = event.label;
    if (note.find(" after apply_acked") != std::string_view::npos) ++seen.step_crash_notes;
    if (note.find("nemesis: crash primary") == 0) ++seen.role_crash_notes;
    if (note == "nemesis: partition split_config_leader") ++seen.shape_notes;
  };
  RunResult result = run_scenario(scenario, request);
  EXPECT_TRUE(result.passed()) << (result.violations.empty() ? result.inconclusive_reason
                                                             : result.violations[0].message);
  if (out != nullptr) *out = std::move(result);
  return seen;
}

TEST(FaultModel, CrashesRightAfterTheNamedStepAndTheProtocolSurvives) {
  const Scenario scenario = parse_ok(short_run(R"(
      "crash_after": [{"event": "apply_acked", "probability": 0.05, "delay_ms": [0, 0.5],
                       "down_ms": [20, 50]}])"));
  const Observed seen = observe(scenario, 3);
  EXPECT_GT(seen.step_crash_notes, 0);
  EXPECT_GE(seen.crashes, seen.step_crash_notes);
}

TEST(FaultModel, SlowDisksSlowDownEveryWrite) {
  RunResult fast, slow;
  observe(parse_ok(short_run("")), 5, &fast);
  observe(parse_ok(short_run(R"("disk": {"min_latency_us": 20000, "jitter_us": 0})")), 5, &slow);
  // A Put is durable on every member before it returns: at least one 20 ms disk write.
  auto shortest_put_ns = [](const RunResult& result) {
    std::int64_t shortest = INT64_MAX;
    for (const auto& op : result.history.operations) {
      if (op.name == "put" && op.outcome_known()) shortest = std::min(shortest, op.return_ns - op.invoke_ns);
    }
    return shortest;
  };
  EXPECT_LT(shortest_put_ns(fast), 5'000'000);
  EXPECT_GE(shortest_put_ns(slow), 20'000'000);
}

TEST(FaultModel, RoleTargetedCrashesAndConfigLeaderPartitionsHappen) {
  const Scenario scenario = parse_ok(short_run(R"(
      "crash": {"rate_per_s": 3, "down_ms": [20, 100], "roles": ["primary"]},
      "partition": {"rate_per_s": 3, "duration_ms": [50, 200], "shapes": ["split_config_leader"]},
      "leader_change_rate_per_s": 2, "reconfig_rate_per_s": 1)"));
  const Observed seen = observe(scenario, 7);
  EXPECT_GT(seen.role_crash_notes, 0);
  EXPECT_GT(seen.shape_notes, 0);
}

}  // namespace
}  // namespace grove::scenarios
