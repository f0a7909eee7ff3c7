// The swarm: each seed keeps or drops every fault kind the scenario enables; the generic `vkv`
// scenario enables every safe kind, so across a few seeds each one is drawn on; the per-seed
// clock uncertainty is honest and drawn over its whole range; and the draw is part of the
// world's fingerprint.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "scenarios/runner.h"
#include "scenarios/scenario_json.h"
#include "scenarios/shrink.h"
#include "scenarios/swarm.h"

namespace grove::scenarios {
namespace {

Scenario builtin(const std::string& name) {
  ScenarioLoad load = load_scenario(name);
  EXPECT_TRUE(load.ok()) << load.error;
  return *load.scenario;
}

SwarmDraw draw_for(const Scenario& scenario, std::uint64_t seed, Scenario* drawn = nullptr) {
  sim::ChoiceSource source(seed);
  SwarmDraw draw;
  Scenario result = draw_swarm(scenario, source.stream("swarm"), draw);
  if (drawn != nullptr) *drawn = result;
  return draw;
}

TEST(Swarm, TheGenericVkvScenarioDrawsEverySafeFaultKind) {
  const Scenario vkv = builtin("vkv");
  const std::set<std::string> every_kind = {
      "crash", "torn_append", "drop", "duplicate", "reorder", "partition", "clog", "pause",
      "clock", "reconfig", "leader_change", "crash_after:entry_accepted",
      "crash_after:apply_acked", "crash_after:sealed", "crash_after:disk_write",
      "crash_after:paxos_promised", "crash_after:paxos_accepted", "late_duplicate",
      "stale_delivery", "preempt", "spurious_wakeup", "clock_step", "disk_stall", "slow_disk",
      "empty_values", "long_values", "repeat_values", "hot_key", "clock_uncertainty"};
  std::map<std::string, int> on;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    for (const SwarmDecision& decision : draw_for(vkv, seed).decisions) {
      on[decision.fault] += decision.enabled;
    }
  }
  for (const std::string& kind : every_kind) {
    EXPECT_GT(on[kind], 0) << kind << " never drawn on in 40 seeds";
    EXPECT_LT(on[kind], 40 + (kind == "clock_uncertainty")) << kind << " never drawn off";
  }
  EXPECT_EQ(on.size(), every_kind.size());  // and nothing else
  // The generic scenario targets every role and partition shape.
  const std::vector<std::string>& roles = vkv.faults.crash.roles;
  EXPECT_NE(std::find(roles.begin(), roles.end(), "primary"), roles.end());
  EXPECT_NE(std::find(roles.begin(), roles.end(), "config_leader"), roles.end());
  const std::set<std::string> shapes(vkv.faults.partition.shapes.begin(),
                                     vkv.faults.partition.shapes.end());
  EXPECT_EQ(shapes.size(), 8u);
}

TEST(Swarm, TheClockUncertaintyIsDrawnPerSeedOverItsRange) {
  const Scenario vkv = builtin("vkv");
  double lowest = 1e9, highest = 0;
  std::set<double> values;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    Scenario drawn;
    draw_for(vkv, seed, &drawn);
    const double uncertainty = clock_uncertainty_ms(drawn);
    EXPECT_GE(uncertainty, 1);
    EXPECT_LE(uncertainty, 200);
    lowest = std::min(lowest, uncertainty);
    highest = std::max(highest, uncertainty);
    values.insert(uncertainty);
  }
  EXPECT_LT(lowest, 5);     // log-uniform: small values are common...
  EXPECT_GT(highest, 100);  // ...and so are large ones
  EXPECT_GT(values.size(), 40u);
  // A scenario without a range keeps its fixed uncertainty.
  EXPECT_EQ(clock_uncertainty_ms(builtin("vkv-reconfig")), 10);
}

TEST(Swarm, TheDrawIsPartOfTheWorldsFingerprint) {
  Scenario scenario = builtin("vkv");
  scenario.safety_s = 1;
  scenario.heal_s = scenario.liveness_bound_s = 1;
  RunRequest request;
  request.seed = 3;
  const RunResult first = run_scenario(scenario, request);
  const RunResult again = run_scenario(scenario, request);
  EXPECT_NE(first.choice_fingerprint, 0u);
  EXPECT_EQ(first.choice_fingerprint, again.choice_fingerprint);
  // The same faults frozen into the scenario (nothing left to draw): the run behaves the same,
  // so only the swarm stream's draws tell the fingerprints apart.
  const RunResult frozen = run_scenario(freeze_swarm(scenario, request.seed), request);
  EXPECT_EQ(frozen.events, first.events);
  EXPECT_EQ(frozen.ops, first.ops);
  EXPECT_NE(frozen.choice_fingerprint, first.choice_fingerprint);
}

}  // namespace
}  // namespace grove::scenarios
