// Shrinking app runs as vKV runs are shrunk: an app client leaves out the ops workload.skip_ops
// names (drawn, not issued), an app run counts the Nemesis's timed faults and each client's
// started ops, and `shrink` delta-debugs both on an app finding.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "scenarios/apps/app_faults.h"
#include "scenarios/runner.h"
#include "scenarios/scenario_json.h"
#include "scenarios/shrink.h"

namespace grove::scenarios {
namespace {

std::map<std::uint64_t, std::size_t> ops_per_client(const RunResult& run) {
  std::map<std::uint64_t, std::size_t> count;
  for (const auto& op : run.history.operations) count[op.client] += 1;
  return count;
}

// A fault-free run of `app` with `clients` app clients, leaving out `skip_ops`; it must pass.
RunResult fault_free_run(const std::string& app, std::size_t clients, std::uint64_t seed,
                         const std::vector<std::pair<std::uint64_t, std::uint64_t>>& skip_ops = {}) {
  Scenario scenario = apps::app_fault_scenario(app, apps::AppFaultOptions::none(), clients, 10);
  scenario.workload.skip_ops = skip_ops;
  RunRequest request;
  request.seed = seed;
  RunResult run = run_scenario(scenario, request);
  EXPECT_TRUE(run.violations.empty()) << app << ": " << run.violations.front().message;
  return run;
}

bool fires(const RunResult& run, const std::string& checker) {
  return std::any_of(run.violations.begin(), run.violations.end(),
                     [&](const Violation& violation) { return violation.checker == checker; });
}

TEST(AppShrink, CacheClientsLeaveOutTheSkippedOps) {
  const RunResult all = fault_free_run("cachekv", 3, 5);
  ASSERT_EQ(all.workload_ops, (std::vector<std::uint64_t>{60, 60, 60}));
  const auto before = ops_per_client(all);
  EXPECT_EQ(before.at(0), 60u);

  const RunResult fewer = fault_free_run("cachekv", 3, 5, {{0, 0}, {0, 17}, {2, 59}});
  EXPECT_EQ(fewer.workload_ops, all.workload_ops) << "left-out ops are still numbered";
  const auto after = ops_per_client(fewer);
  EXPECT_EQ(after.at(0), before.at(0) - 2);
  EXPECT_EQ(after.at(1), before.at(1));
  EXPECT_EQ(after.at(2), before.at(2) - 1);
}

TEST(AppShrink, BankClientsLeaveOutTheSkippedOpsOfTheirRound) {
  const RunResult all = fault_free_run("bank", 4, 2);
  ASSERT_EQ(all.workload_ops.size(), 4u);
  EXPECT_EQ(all.workload_ops[3], 20u);
  // Client 3 takes no part in the steady round or the final audit: its init and its 20 ops.
  EXPECT_EQ(ops_per_client(all).at(3), 21u);

  const RunResult fewer = fault_free_run("bank", 4, 2, {{3, 0}, {3, 7}});
  EXPECT_EQ(ops_per_client(fewer).at(3), 19u);
  EXPECT_EQ(fewer.workload_ops[3], 20u);
}

TEST(AppShrink, LockClientsLeaveOutTheSkippedAcquisitions) {
  const RunResult all = fault_free_run("lock", 3, 4);
  ASSERT_EQ(all.workload_ops, (std::vector<std::uint64_t>{15, 15, 15}));
  auto releases = [](const RunResult& run, std::uint64_t client) {
    return std::count_if(run.history.operations.begin(), run.history.operations.end(), [&](const auto& op) {
      return op.client == client && op.name == "release";
    });
  };
  const RunResult fewer = fault_free_run("lock", 3, 4, {{1, 3}});
  EXPECT_EQ(releases(fewer, 1), releases(all, 1) - 1);
  EXPECT_EQ(releases(fewer, 0), releases(all, 0));
}

TEST(AppShrink, ShrinksABankFindingByFaultsOpsAndServers) {
  const ScenarioLoad load = load_scenario("bank");
  ASSERT_TRUE(load.ok()) << load.error;
  env::BugSet bugs;
  bugs.enable(env::Bug::A5);
  std::uint64_t seed = 0;
  for (std::uint64_t candidate = 1; candidate <= 20 && seed == 0; ++candidate) {
    RunRequest request;
    request.seed = candidate;
    request.bugs = bugs;
    const RunResult run = run_scenario(*load.scenario, request);
    if (fires(run, "bank")) seed = candidate;
  }
  ASSERT_NE(seed, 0u) << "A5 is found within 20 bank seeds";
  const ShrinkResult result = shrink(*load.scenario, seed, bugs);
  ASSERT_TRUE(result.reproduced);
  EXPECT_EQ(result.checker, "bank");
  EXPECT_TRUE(fires(result.run, "bank"));
  EXPECT_LE(result.run.events, result.original.events);
  EXPECT_GT(result.original.fault_events, 0u) << "an app run counts its timed faults";
  EXPECT_LE(result.fault_events_after, result.fault_events_before);
  EXPECT_GT(result.ops_before, 0u) << "an app run counts its clients' ops";
  EXPECT_LT(result.ops_after, result.ops_before);
  EXPECT_LT(result.run.events * 5, result.original.events) << "a fifth of the events or fewer";

  // The shrunk scenario replays to the same run from its file alone.
  RunRequest request;
  request.seed = seed;
  request.bugs = bugs;
  request.fail_fast = result.run.fail_fast;
  request.stop_at_event = result.run.stop_at_event;
  const ScenarioLoad again = parse_scenario(scenario_to_json(result.scenario), "shrunk");
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(run_scenario(*again.scenario, request).trace_hash, result.run.trace_hash);
}

}  // namespace
}  // namespace grove::scenarios
