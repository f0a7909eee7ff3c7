// The fault-model knobs: crashes right after protocol steps (faults.crash_after), disk latency
// and stalls (faults.disk), role-targeted crashes, the config-leader partition shapes, stale
// deliveries and late duplicates, preemption and spurious wake-ups, clock steps and per-seed
// uncertainty, and the workload's value shapes. Each must parse strictly, round-trip through
// replay files, happen within a few seeds, and leave the correct protocol green.
#include <gtest/gtest.h>

#include <functional>
#include <map>
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
  EXPECT_EQ(scenario.faults.crash_after[0].event, StepEvent::kSealed);
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

// Runs seeds 1, 2, ... of `scenario` (at most `max_seeds`) until `count` of the trace events
// reaches `at_least`; every seed run must pass. Returns the seeds it took (0: never).
int seeds_until(const Scenario& scenario, int max_seeds, int at_least,
                const std::function<bool(const traces::TraceEvent&)>& counts,
                RunResult* last = nullptr) {
  for (int seed = 1; seed <= max_seeds; ++seed) {
    int seen = 0;
    RunRequest request;
    request.seed = static_cast<std::uint64_t>(seed);
    request.observer = [&](const traces::TraceEvent& event) { seen += counts(event); };
    RunResult result = run_scenario(scenario, request);
    EXPECT_TRUE(result.passed()) << "seed " << seed << ": "
                             << (result.passed() ? "" : result.violations[0].message);
    if (last != nullptr) *last = std::move(result);
    if (seen >= at_least) return seed;
  }
  return 0;
}

TEST(FaultModel, StaleMessagesReachNewIncarnationsAndTheProtocolSurvives) {
  const Scenario scenario = parse_ok(short_run(R"(
      "crash": {"rate_per_s": 3, "down_ms": [10, 100], "roles": ["replica", "config", "client"]},
      "network": {"late_duplicate": 0.05, "late_duplicate_ms": [100, 400], "stale_delivery": 1})"));
  const int seeds = seeds_until(scenario, 5, 3, [](const traces::TraceEvent& event) {
    return event.kind == traces::TraceKind::kDeliver && event.label == "stale";
  });
  EXPECT_GT(seeds, 0) << "no stale delivery within 5 seeds";
}

TEST(FaultModel, PreemptionStallsTasksWakesWaitersSpuriouslyAndTheProtocolSurvives) {
  const Scenario scenario = parse_ok(short_run(R"(
      "preempt": {"probability": 0.01, "delay_ms": [0.1, 30], "spurious_wakeup": 0.05},
      "crash": {"rate_per_s": 1, "down_ms": [10, 200]}, "reconfig_rate_per_s": 1)"));
  EXPECT_GT(seeds_until(scenario, 3, 100, [](const traces::TraceEvent& event) {
              return event.kind == traces::TraceKind::kPreempt && event.label != "spurious_wakeup";
            }),
            0);
  EXPECT_GT(seeds_until(scenario, 3, 10, [](const traces::TraceEvent& event) {
              return event.kind == traces::TraceKind::kPreempt && event.label == "spurious_wakeup";
            }),
            0);
}

TEST(FaultModel, ClockStepsHitThePrimaryAndTheConfigLeaderWithALargeUncertainty) {
  const Scenario scenario = parse_ok(short_run(R"(
      "clock": {"step_rate_per_s": 5, "roles": ["primary", "config_leader"],
                "rate_per_s": 2, "max_offset_ms": 200, "max_drift_ppm": 1000,
                "uncertainty_ms": [150, 200]},
      "reconfig_rate_per_s": 1)"));
  const int seeds = seeds_until(scenario, 5, 5, [](const traces::TraceEvent& event) {
    return event.kind == traces::TraceKind::kClock && event.label == "step" &&
           static_cast<std::int64_t>(event.b) < 0;  // a step backwards
  });
  EXPECT_GT(seeds, 0) << "fewer than 5 backward clock steps within 5 seeds";
}

TEST(FaultModel, DiskStallsHappenAndTheProtocolSurvives) {
  const Scenario scenario = parse_ok(short_run(R"(
      "disk": {"stall": 0.02, "stall_ms": [20, 300]}, "crash": {"rate_per_s": 1})"));
  EXPECT_GT(seeds_until(scenario, 3, 5, [](const traces::TraceEvent& event) {
              return event.kind == traces::TraceKind::kDisk && event.label == "stall";
            }),
            0);
}

TEST(FaultModel, TheWorkloadWritesEmptyLongAndRepeatedValuesOnAHotKey) {
  Scenario scenario = parse_ok(short_run(R"("crash": {"rate_per_s": 1})"));
  scenario.workload.empty_values = 0.2;
  scenario.workload.long_values = 0.2;
  scenario.workload.repeat_values = 0.2;
  scenario.workload.hot_key = 0.5;
  RunResult result;
  seeds_until(scenario, 1, 0, [](const traces::TraceEvent&) { return false; }, &result);
  int empty = 0, long_values = 0, hot = 0, writes = 0;
  std::map<std::string, int> written;
  for (const auto& op : result.history.operations) {
    hot += op.key == "k0";
    if (op.name == "get") continue;
    const std::string& value = op.input.back();
    ++writes;
    empty += value.empty();
    long_values += value.size() >= 1024;
    ++written[value];
  }
  int repeated = 0;
  for (const auto& [value, times] : written) repeated += !value.empty() && times > 1;
  EXPECT_GT(empty, 0);
  EXPECT_GT(long_values, 0);
  EXPECT_GT(repeated, 0);
  EXPECT_GT(hot * 10, static_cast<int>(result.history.operations.size()) * 4);  // > 40% on k0
  EXPECT_GT(writes, 20);
}

// The commit delay a real node runs with (docs/runtime.md) changes how the log's flusher batches
// appends. In the durability scenario (crashes, torn appends, slow disks) with the delay on, the
// correct protocol stays green and the flusher's planted off-by-one-batch bug is still caught.
TEST(FaultModel, TheCommitDelayKeepsTheLogSafeUnderCrashesAndS4IsStillFound) {
  const Scenario parsed = parse_ok(short_run(R"("disk": {"group_commit_delay_us": 2000})"));
  EXPECT_EQ(parsed.faults.disk.group_commit_delay_us, 2000);
  EXPECT_EQ(parse_ok(scenario_to_json(parsed)).faults.disk.group_commit_delay_us, 2000);
  EXPECT_NE(parse_error(short_run(R"("disk": {"group_commit_delay_us": -1})")).find("group_commit_delay_us"),
            std::string::npos);

  const ScenarioLoad load = load_scenario("vkv-durability");
  ASSERT_TRUE(load.ok()) << load.error;
  Scenario delayed = *load.scenario;
  delayed.faults.disk.group_commit_delay_us = 2000;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    RunRequest request;
    request.seed = seed;
    const RunResult result = run_scenario(delayed, request);
    EXPECT_TRUE(result.passed()) << "seed " << seed << " with the commit delay";
  }
  bool found = false;
  for (std::uint64_t seed = 1; seed <= 5 && !found; ++seed) {
    RunRequest request;
    request.seed = seed;
    request.bugs.enable(env::Bug::S4);
    for (const Violation& violation : run_scenario(delayed, request).violations) {
      found = found || violation.checker == "replication";
    }
  }
  EXPECT_TRUE(found) << "S4 not found by the replication checker within 5 seeds with the commit delay";
}

}  // namespace
}  // namespace grove::scenarios
