// The protocol checkers under the applications: each vKV cluster's ghost events are checked on
// their own (the bank's two deployments must not be mixed into one stream), a planted protocol
// bug is found through an app's workload, and a run lists the checkers that judged it. The KV
// calls underneath an app are recorded per cluster and checked for linearizability.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "checkers/replication_checker.h"
#include "core/env/bugs.h"
#include "scenarios/apps/app_runs.h"
#include "scenarios/protocol_checks.h"
#include "scenarios/runner.h"
#include "scenarios/scenario_json.h"
#include "sim/world.h"

namespace grove::scenarios {
namespace {

Scenario builtin(const std::string& name) {
  ScenarioLoad load = load_scenario(name);
  EXPECT_TRUE(load.ok()) << load.error;
  return *load.scenario;
}

bool lists(const RunResult& result, const std::string& checker) {
  return std::find(result.checkers.begin(), result.checkers.end(), checker) !=
         result.checkers.end();
}

TEST(AppProtocolChecks, TwoClustersInOneWorldAreCheckedApart) {
  sim::WorldOptions options;
  options.seed = 3;
  options.keep_ghosts = true;
  sim::World world(options);
  ClusterOptions cluster_options;
  cluster_options.clients = 1;
  Cluster data(world, cluster_options);
  Cluster locks(world, cluster_options);
  ProtocolChecks protocol(world, {&data, &locks});
  data.start();
  locks.start();
  ASSERT_TRUE(data.bootstrap());
  ASSERT_TRUE(locks.bootstrap());
  // Both clusters made a primary of epoch 1 on different nodes: one stream would see two.
  EXPECT_GT(protocol.events_of(0), 0u);
  EXPECT_GT(protocol.events_of(1), 0u);
  EXPECT_EQ(protocol.events_of(0) + protocol.events_of(1), world.ghosts().size());
  protocol.stop();
  std::vector<Violation> violations;
  protocol.report(violations);
  EXPECT_TRUE(violations.empty()) << violations.front().checker << "/" << violations.front().rule
                                  << ": " << violations.front().message;
  // Mixed into one stream, the two clusters' epochs look like one cluster's: a false alarm.
  EXPECT_FALSE(checkers::check_replication_invariants(world.ghosts()).empty());
  world.unwind_all_tasks();
}

TEST(AppProtocolChecks, EveryAppRunListsAndPassesTheProtocolCheckers) {
  for (const char* app : {"cachekv", "lock", "bank"}) {
    RunRequest request;
    request.seed = 1;
    const RunResult result = run_scenario(builtin(app), request);
    EXPECT_TRUE(result.passed()) << app;
    for (const char* checker : {"linearizability", "replication", "exactly-once", "paxos",
                                "config", "lease", app, "liveness"}) {
      EXPECT_TRUE(lists(result, checker)) << app << " " << checker;
    }
  }
}

TEST(AppProtocolChecks, APlantedReplicationBugIsFoundUnderEveryApp) {
  // R11: the primary raises its commit index before the backups accepted the entry.
  for (const char* app : {"cachekv", "lock", "bank"}) {
    RunRequest request;
    request.seed = 1;
    request.bugs.enable(env::Bug::R11);
    const RunResult result = run_scenario(builtin(app), request);
    const auto found = std::find_if(
        result.violations.begin(), result.violations.end(), [](const Violation& violation) {
          return violation.checker == "replication" && violation.rule == "commit-not-accepted";
        });
    ASSERT_NE(found, result.violations.end()) << app;
    EXPECT_NE(found->trace_index, traces::kNoTraceIndex) << app;
    EXPECT_GE(found->time_ns, 0) << app;
  }
}

TEST(AppKvLinearizability, TheKvCallsUnderTheBankAreRecordedPerClusterWithTrueTimes) {
  apps::AppRunOptions options;
  options.seed = 2;
  const apps::AppRunResult run = apps::run_bank(options);
  ASSERT_TRUE(run.ok()) << apps::describe_failures(run);
  ASSERT_EQ(run.kv_checks.size(), 2u);
  EXPECT_EQ(run.kv_checks[0].cluster, "data");
  EXPECT_EQ(run.kv_checks[1].cluster, "locks");
  for (const auto& kv : run.kv_checks) {
    EXPECT_EQ(kv.history.model, "kv");
    EXPECT_GT(kv.history.operations.size(), 50u) << kv.cluster;
    EXPECT_EQ(kv.result.verdict, checkers::Verdict::kLinearizable) << kv.cluster;
    std::size_t cond_puts = 0;
    for (const traces::Operation& op : kv.history.operations) {
      cond_puts += op.name == "cond-put";
      EXPECT_GE(op.invoke_ns, 0);
      EXPECT_LE(op.invoke_ns, run.end_ns);
      if (op.outcome_known()) {
        EXPECT_GE(op.return_ns, op.invoke_ns);
        EXPECT_LE(op.return_ns, run.end_ns);
      }
    }
    EXPECT_GT(cond_puts, 0u) << kv.cluster;  // the bank writes only by CondPut
  }
}

TEST(AppKvLinearizability, ADuplicateExecutedTwiceBreaksTheKvHistoryUnderEveryApp) {
  // E2: the dedup compares seq with > instead of >=, so a copy of the latest request
  // re-executes: the KV calls underneath the app are no longer linearizable.
  for (const char* app : {"cachekv", "lock", "bank"}) {
    RunRequest request;
    request.seed = 1;
    request.bugs.enable(env::Bug::E2);
    const RunResult result = run_scenario(builtin(app), request);
    EXPECT_EQ(result.linearizability_verdict, RunVerdict::kFail) << app;
    const auto found = std::find_if(
        result.violations.begin(), result.violations.end(), [](const Violation& violation) {
          return violation.checker == "linearizability" && violation.rule == "not-linearizable";
        });
    ASSERT_NE(found, result.violations.end()) << app;
    EXPECT_NE(found->message.find("cluster's KV history"), std::string::npos) << found->message;
  }
}

TEST(AppNemesis, TheBankRunsUnderTheNemesisWhichCrashesAppClientsAndReconfigures) {
  Scenario scenario = builtin("bank");
  scenario.swarm = false;  // every kind on
  scenario.faults.crash.rate_per_s = 2;
  scenario.faults.crash.roles = {"client"};
  scenario.faults.reconfig_rate_per_s = 2;
  std::size_t client_crashes = 0;
  std::size_t reconfigurations = 0;
  RunRequest request;
  request.seed = 4;
  request.observer = [&](const traces::TraceEvent& event) {
    if (event.kind != traces::TraceKind::kNote) return;
    const std::string text(event.label);
    client_crashes += text.starts_with("nemesis: crash client app_client");
    reconfigurations += text == "nemesis: reconfigure";
  };
  const RunResult result = run_scenario(scenario, request);
  EXPECT_TRUE(result.passed()) << (result.violations.empty() ? "" : result.violations[0].message);
  EXPECT_GT(client_crashes, 0u);
  EXPECT_GT(reconfigurations, 1u);
}

}  // namespace
}  // namespace grove::scenarios
