// The protocol checkers under the applications: each vKV cluster's ghost events are checked on
// their own (the bank's two deployments must not be mixed into one stream), a planted protocol
// bug is found through an app's workload, and a run lists the checkers that judged it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "checkers/replication_checker.h"
#include "core/env/bugs.h"
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
    for (const char* checker : {"replication", "exactly-once", "paxos", "config", "lease", app,
                                "liveness"}) {
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

}  // namespace
}  // namespace grove::scenarios
