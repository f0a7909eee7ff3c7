// `grovesim explore` end to end: the runs do not depend on --jobs, a failing run's replay file
// reproduces it, and bad input is exit 2.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "tests/cli/cli_test_util.h"

namespace grove {
namespace {

using nlohmann::json;
using testing::grovesim;
using testing::scratch_dir;

// Everything of a summary but the wall time and the replay paths (the directory differs).
json comparable(json summary) {
  summary.erase("wall_s");
  summary.erase("runs_per_second");
  summary.erase("jobs");
  for (json& failure : summary["failures"]) failure.erase("replay");
  return summary;
}

class ExploreStrategy : public ::testing::TestWithParam<const char*> {};

TEST_P(ExploreStrategy, TheRunsDoNotDependOnJobsAndAFailureReplays) {
  const std::string strategy = GetParam();
  const auto one_dir = scratch_dir("explore-" + strategy + "-1");
  const auto two_dir = scratch_dir("explore-" + strategy + "-2");
  // R2 (acks before durability) fails most vkv runs: failures to compare and replay.
  const std::string common = "explore --scenario vkv --bug R2 --budget 10 --json --strategy " + strategy;
  const auto one = grovesim(common + " --jobs 1 --out " + one_dir.string());
  const auto two = grovesim(common + " --jobs 2 --out " + two_dir.string());
  ASSERT_EQ(one.exit_code, 1) << one.err << one.out;
  ASSERT_EQ(two.exit_code, 1) << two.err;
  const json a = json::parse(one.out), b = json::parse(two.out);
  EXPECT_EQ(comparable(a), comparable(b));
  EXPECT_EQ(a["runs"], 10);
  EXPECT_EQ(a["strategy"], strategy);
  ASSERT_GT(a["failed"].get<int>(), 0);
  const json& failure = a["failures"][0];
  const auto replay = grovesim("replay " + failure["replay"].get<std::string>() + " --json");
  EXPECT_EQ(replay.exit_code, 1) << replay.err << replay.out;
  const json replayed = json::parse(replay.out);
  EXPECT_EQ(replayed["verdict"], "fail");
  bool same_checker = false;
  for (const json& violation : replayed["violations"]) {
    same_checker = same_checker || violation["checker"].get<std::string>() + "/" +
                                           violation["rule"].get<std::string>() ==
                                       failure["fired"][0];
  }
  EXPECT_TRUE(same_checker) << replay.out;
  // The directory now holds replay files: another search there is refused, or replaces them.
  EXPECT_EQ(grovesim(common + " --jobs 1 --out " + one_dir.string()).exit_code, 2);
  EXPECT_EQ(grovesim(common + " --jobs 1 --force --out " + one_dir.string()).exit_code, 1);
}

INSTANTIATE_TEST_SUITE_P(Strategies, ExploreStrategy, ::testing::Values("random", "pct", "guided"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param);
                         });

TEST(Explore, TheCorrectProtocolPassesAndGuidedSearchReportsItsCorpus) {
  const auto dir = scratch_dir("explore-pass");
  const auto run = grovesim("explore --scenario vkv --strategy guided --budget 16 --jobs 2 --json --out " + dir.string());
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  const json summary = json::parse(run.out);
  EXPECT_EQ(summary["failed"], 0);
  EXPECT_EQ(summary["passed"], 16);
  EXPECT_GT(summary["guided"]["features"].get<int>(), 50);
  EXPECT_GE(summary["guided"]["corpus"].get<int>(), 1);
}

// A tiny scope (tests/data/scenarios/vkv-tiny.json: 2 replicas, 1 client with 2 ops, at most
// one crash) is searched to the end; a durability bug that needs the crash is found inside it.
TEST(Explore, DfsExhaustsATinyScopeAndFindsACrashBugInIt) {
  const std::string tiny = std::string(GROVE_SOURCE_DIR) + "/tests/data/scenarios/vkv-tiny.json";
  const auto dir = scratch_dir("explore-dfs");
  const std::string common = "explore --scenario " + tiny + " --strategy dfs --preemption-bound 1 --budget 20000 --jobs 2 --json --out " + dir.string();
  const auto clean = grovesim(common);
  ASSERT_EQ(clean.exit_code, 0) << clean.err << clean.out;
  const json summary = json::parse(clean.out);
  EXPECT_TRUE(summary["exhausted"].get<bool>());
  EXPECT_EQ(summary["failed"], 0);
  EXPECT_GT(summary["dfs"]["schedules"].get<int>(), 100) << "one crash at each step, one preemption";
  EXPECT_LT(summary["dfs"]["schedules"].get<int>(), 20000);
  EXPECT_GT(summary["dfs"]["distinct_states"].get<int>(), 50);
  // The same search with a tiny budget is not exhausted, and says so.
  const auto cut = grovesim("explore --scenario " + tiny + " --strategy dfs --budget 5 --json --out " + dir.string());
  EXPECT_FALSE(json::parse(cut.out)["exhausted"].get<bool>()) << cut.out;
  // S4 (an append wait returns one batch early) needs a crash: not the default path.
  const auto buggy = grovesim(common + " --bug S4 --max-failures 1");
  ASSERT_EQ(buggy.exit_code, 1) << buggy.err << buggy.out;
  const json found = json::parse(buggy.out);
  const json& failure = found["failures"][0];
  EXPECT_GT(failure["run"].get<int>(), 0) << "the fault-free root run passes";
  EXPECT_EQ(failure["fired"][0], "replication/durable-entry-lost");
  const auto replay = grovesim("replay " + failure["replay"].get<std::string>() + " --json");
  EXPECT_EQ(replay.exit_code, 1) << replay.err << replay.out;
  // Shrinking keeps the crash (the bug needs it) and drops every other non-default decision.
  const std::string shrunk_path = (dir / "s4.shrunk.json").string();
  const auto shrunk = grovesim("shrink " + failure["replay"].get<std::string>() + " --json --out " + shrunk_path);
  ASSERT_EQ(shrunk.exit_code, 1) << shrunk.err << shrunk.out;
  const json outcome = json::parse(shrunk.out);
  EXPECT_EQ(outcome["checker"], "replication");
  EXPECT_GE(outcome["after"]["decisions"].get<int>(), 1);
  EXPECT_LT(outcome["after"]["decisions"].get<int>(), outcome["before"]["decisions"].get<int>());
  EXPECT_LE(outcome["after"]["events"].get<int>(), outcome["before"]["events"].get<int>());
  EXPECT_EQ(grovesim("replay " + shrunk_path).exit_code, 1);
}

// --fault-bound overrides the scope's step faults per run: with none, S4 (which needs a crash)
// is nowhere in the exhausted tree; with the scope's own one crash it is found. The bound is
// reported beside the preemption bound.
TEST(Explore, TheFaultBoundDecidesWhetherACrashBugIsInTheBoundedTree) {
  const std::string tiny = std::string(GROVE_SOURCE_DIR) + "/tests/data/scenarios/vkv-tiny.json";
  const auto dir = scratch_dir("explore-fault-bound");
  const std::string common = "explore --scenario " + tiny +
                             " --strategy dfs --preemption-bound 1 --budget 20000 --jobs 2 --bug S4 --json --force --out " +
                             dir.string();
  const auto none = grovesim(common + " --fault-bound 0");
  ASSERT_EQ(none.exit_code, 0) << none.err << none.out;
  const json without = json::parse(none.out);
  EXPECT_TRUE(without["exhausted"].get<bool>());
  EXPECT_EQ(without["failed"], 0);
  EXPECT_EQ(without["dfs"]["fault_bound"], 0);
  const auto one = grovesim(common + " --fault-bound 1 --max-failures 1");
  ASSERT_EQ(one.exit_code, 1) << one.err << one.out;
  const json with = json::parse(one.out);
  EXPECT_EQ(with["dfs"]["fault_bound"], 1);
  EXPECT_GT(with["runs"].get<int>(), without["runs"].get<int>()) << "the crash is past the fault-free tree";
  EXPECT_EQ(with["failures"][0]["fired"][0], "replication/durable-entry-lost");
  // hunt takes both bounds for its dfs rows.
  const auto hunt = grovesim("hunt --bug S4 --scenario " + tiny +
                             " --strategy dfs --preemption-bound 1 --fault-bound 0 --max-seeds 100 --jobs 2 --json");
  EXPECT_EQ(hunt.exit_code, 1) << hunt.err << hunt.out;
  const json row = json::parse(hunt.out)["bugs"][0];
  EXPECT_FALSE(row["found"].get<bool>()) << hunt.out;
  EXPECT_EQ(row["seeds"], without["runs"]) << "the hunt ran the same bounded tree to its end";
  EXPECT_TRUE(row["exhausted"].get<bool>()) << "a dfs hunt says the bug is not in the tree";
}

// A PCT finding's schedule list holds thousands of non-default picks; delta debugging keeps
// the few the failure needs, and the result replays with the same checker firing.
TEST(Explore, ShrinkingAPctFindingDropsMostOfItsDecisions) {
  const auto dir = scratch_dir("explore-pct-shrink");
  const auto found = grovesim("explore --scenario vkv --strategy pct --bug R2 --budget 8 --max-failures 1 --json --out " + dir.string());
  ASSERT_EQ(found.exit_code, 1) << found.err << found.out;
  const std::string replay = json::parse(found.out)["failures"][0]["replay"];
  const std::string shrunk_path = (dir / "shrunk.json").string();
  const auto shrunk = grovesim("shrink " + replay + " --json --out " + shrunk_path);
  ASSERT_EQ(shrunk.exit_code, 1) << shrunk.err << shrunk.out;
  const json outcome = json::parse(shrunk.out);
  EXPECT_GT(outcome["before"]["decisions"].get<int>(), 100);
  EXPECT_LT(outcome["after"]["decisions"].get<int>() * 10, outcome["before"]["decisions"].get<int>());
  EXPECT_LE(outcome["after"]["events"].get<int>(), outcome["before"]["events"].get<int>());
  const auto replayed = grovesim("replay " + shrunk_path + " --json");
  EXPECT_EQ(replayed.exit_code, 1) << replayed.out;
  EXPECT_EQ(json::parse(replayed.out)["violations"][0]["checker"], outcome["checker"]);
}

TEST(Explore, BadInputIsExitTwoWithAOneLineError) {
  const auto strategy = grovesim("explore --strategy bfs --budget 1");
  EXPECT_EQ(strategy.exit_code, 2);
  EXPECT_NE(strategy.err.find("--strategy bfs: unknown strategy"), std::string::npos) << strategy.err;
  EXPECT_EQ(grovesim("explore --budget 0").exit_code, 2);
  EXPECT_EQ(grovesim("explore --strategy pct --depth 0 --budget 1").exit_code, 2);
  EXPECT_EQ(grovesim("explore --scenario no-such-scenario --budget 1").exit_code, 2);
  EXPECT_EQ(grovesim("hunt --bug R1 --strategy bfs").exit_code, 2);
  EXPECT_EQ(grovesim("explore --strategy dfs --preemption-bound 99 --budget 1").exit_code, 2);
  const auto unbounded = grovesim("explore --strategy dfs --fault-bound 2 --budget 1");
  EXPECT_EQ(unbounded.exit_code, 2) << "vkv has no step faults to bound";
  EXPECT_NE(unbounded.err.find("--fault-bound 2: scenario 'vkv' has no step faults"), std::string::npos) << unbounded.err;
  EXPECT_EQ(grovesim("explore --scenario vkv-small --strategy dfs --fault-bound 17 --budget 1").exit_code, 2);
  EXPECT_EQ(grovesim("hunt --bug C5 --strategy dfs --fault-bound 2").exit_code, 2) << "needs --scenario";
  EXPECT_EQ(grovesim("hunt --bug C5 --scenario vkv-small --strategy dfs --preemption-bound 17").exit_code, 2);
  const auto dir = scratch_dir("explore-bad-out");
  std::ofstream(dir / "file") << "x";
  const auto out = grovesim("explore --budget 1 --out " + (dir / "file").string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("--out"), std::string::npos) << out.err;
}

}  // namespace
}  // namespace grove
