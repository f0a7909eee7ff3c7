// The linearizability check's step budget on the command line: a run whose check runs out of
// steps is inconclusive (exit 3), never a pass; campaigns count such seeds on their own and
// keep their replay files; `check` has a step budget too.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "tests/cli/cli_test_util.h"

namespace grove::testing {
namespace {

using nlohmann::json;

TEST(CliBudget, ARunOutOfCheckStepsIsInconclusiveAndExitsThree) {
  const CommandResult text = grovesim("run --scenario vkv --seed 1 --check-budget 1");
  EXPECT_EQ(text.exit_code, 3) << text.err << text.out;
  EXPECT_NE(text.out.find("seed 1: INCONCLUSIVE"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("linearizability: inconclusive (the budget of 1 search step ran out"),
            std::string::npos)
      << text.out;

  const CommandResult run = grovesim("run --scenario vkv --seed 1 --check-budget 1 --json");
  EXPECT_EQ(run.exit_code, 3) << run.err;
  const json result = json::parse(run.out);
  EXPECT_EQ(result["verdict"], "inconclusive");
  EXPECT_EQ(result["linearizability"], "inconclusive");
  EXPECT_FALSE(result["ok"].get<bool>());
  EXPECT_TRUE(result["violations"].empty());
  EXPECT_EQ(result["check_budget"], 1);
  EXPECT_EQ(result["check_steps"], 1);
}

TEST(CliBudget, ReportsSayInconclusive) {
  const auto dir = scratch_dir("budget-report");
  for (const char* scenario : {"vkv", "cachekv"}) {
    const auto report = dir / (std::string(scenario) + ".html");
    EXPECT_EQ(grovesim(std::string("run --scenario ") + scenario + " --seed 3 --check-budget 1 " +
                       "--report " + report.string())
                  .exit_code,
              3)
        << scenario;
    EXPECT_NE(read_file(report).find("inconclusive (budget exhausted)"), std::string::npos)
        << scenario;
  }
}

TEST(CliBudget, TheDefaultBudgetDecidesTheSameSeedAndReportsTheStepsUsed) {
  const CommandResult run = grovesim("run --scenario vkv --seed 1 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  const json result = json::parse(run.out);
  EXPECT_EQ(result["verdict"], "pass");
  EXPECT_EQ(result["linearizability"], "pass");
  EXPECT_TRUE(result["ok"].get<bool>());
  EXPECT_GT(result["check_steps"].get<std::uint64_t>(), 1u);
  EXPECT_LT(result["check_steps"].get<std::uint64_t>(), result["check_budget"].get<std::uint64_t>());
  // The steps are a count, not a time: the same on every run.
  EXPECT_EQ(json::parse(grovesim("run --scenario vkv --seed 1 --json").out)["check_steps"],
            result["check_steps"]);
}

TEST(CliBudget, ACampaignCountsInconclusiveSeedsAndKeepsTheirReplayFiles) {
  const auto dir = scratch_dir("campaign-inconclusive");
  const CommandResult run = grovesim("campaign --scenario vkv --seeds 1..20 --jobs 2 "
                                     "--check-budget 1 --out " + dir.string());
  EXPECT_EQ(run.exit_code, 3) << run.err << run.out;
  EXPECT_NE(run.out.find("20 seeds, 0 failed, 20 inconclusive"), std::string::npos) << run.out;
  const json summary = json::parse(read_file(dir / "summary.json"));
  EXPECT_EQ(summary["completed"], 20);
  EXPECT_EQ(summary["passed"], 0);
  EXPECT_EQ(summary["failed"], 0);
  EXPECT_EQ(summary["inconclusive"], 20);
  EXPECT_EQ(summary["inconclusive_seeds"].size(), 20u);
  EXPECT_EQ(summary["check_budget"], 1);
  EXPECT_TRUE(std::filesystem::is_empty(dir / "failures"));

  const auto replay = dir / "inconclusive" / "vkv-7.replay.json";
  ASSERT_TRUE(std::filesystem::exists(replay));
  EXPECT_NE(read_file(replay).find("linearizability/inconclusive"), std::string::npos);
  // The replay file keeps the budget the seed ran with: it replays inconclusive...
  const CommandResult again = grovesim("replay " + replay.string());
  EXPECT_EQ(again.exit_code, 3) << again.err << again.out;
  EXPECT_NE(again.out.find("INCONCLUSIVE"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("trace hash matches"), std::string::npos) << again.out;
  // ... and a larger budget decides it, on the same trace.
  const CommandResult decided = grovesim("replay " + replay.string() + " --check-budget 100000000");
  EXPECT_EQ(decided.exit_code, 0) << decided.err << decided.out;
  EXPECT_NE(decided.out.find("trace hash matches"), std::string::npos) << decided.out;
}

TEST(CliBudget, FailedSeedsKeepTheirExitCodeBesideInconclusiveOnes) {
  // clock-unsafe's lease violations need no linearizability search.
  const auto dir = scratch_dir("campaign-mixed");
  const CommandResult run = grovesim("campaign --scenario clock-unsafe --seeds 1..6 --jobs 2 "
                                     "--check-budget 1 --out " + dir.string());
  EXPECT_EQ(run.exit_code, 1) << run.err << run.out;
  const json summary = json::parse(read_file(dir / "summary.json"));
  EXPECT_GE(summary["failed"].get<int>(), 1);
  EXPECT_EQ(summary["failed"].get<int>() + summary["inconclusive"].get<int>(), 6);
  EXPECT_EQ(summary["passed"], 0);
}

TEST(CliBudget, MergeAddsUpInconclusiveSeeds) {
  const auto a = scratch_dir("budget-shard-a"), b = scratch_dir("budget-shard-b");
  EXPECT_EQ(grovesim("campaign --seeds 1..4 --shard 0/2 --check-budget 1 --out " + a.string())
                .exit_code,
            3);
  EXPECT_EQ(grovesim("campaign --seeds 1..4 --shard 1/2 --check-budget 1 --out " + b.string())
                .exit_code,
            3);
  const CommandResult merged = grovesim("merge --json " + a.string() + " " + b.string());
  EXPECT_EQ(merged.exit_code, 3) << merged.err;
  const json summary = json::parse(merged.out);
  EXPECT_EQ(summary["inconclusive"], 4);
  EXPECT_EQ(summary["passed"], 0);
  EXPECT_EQ(summary["inconclusive_seeds"], json::array({1, 2, 3, 4}));
}

TEST(CliBudget, TheScenarioSetsTheBudgetAndTheFlagOverridesIt) {
  const auto dir = scratch_dir("budget-scenario");
  const std::string path = (dir / "tight.json").string();
  std::ofstream(path) << R"({"name": "tight", "check_budget": 1})";
  EXPECT_EQ(grovesim("run --scenario " + path + " --seed 2").exit_code, 3);
  EXPECT_EQ(grovesim("run --scenario " + path + " --seed 2 --check-budget 100000000").exit_code, 0);
}

TEST(CliBudget, ABudgetBelowOneIsBadInput) {
  for (const char* budget : {"0", "-1", "lots"}) {
    EXPECT_EQ(grovesim(std::string("run --scenario vkv --check-budget ") + budget).exit_code, 2)
        << budget;
    EXPECT_EQ(grovesim(std::string("campaign --seeds 1..2 --check-budget ") + budget).exit_code, 2)
        << budget;
  }
}

TEST(CliBudget, CheckHasAStepBudgetToo) {
  const auto dir = scratch_dir("budget-check");
  const std::string path = (dir / "history.json").string();
  std::ofstream(path)
      << R"({"format": "grovesim-history", "version": 1, "model": "kv", "operations": [)"
      << R"({"client": 0, "op": "put", "key": "a", "input": ["1"], "output": "", "invoke_ns": 0, "return_ns": 10},)"
      << R"({"client": 1, "op": "put", "key": "b", "input": ["2"], "output": "", "invoke_ns": 0, "return_ns": 10},)"
      << R"({"client": 0, "op": "get", "key": "a", "input": [], "output": "1", "invoke_ns": 20, "return_ns": 30}]})";
  const CommandResult decided = grovesim("check " + path + " --json");
  ASSERT_EQ(decided.exit_code, 0) << decided.err;
  const json full = json::parse(decided.out);
  EXPECT_EQ(full["verdict"], "pass");
  const std::uint64_t steps = full["steps"];
  ASSERT_GT(steps, 1u);

  const CommandResult short_one =
      grovesim("check " + path + " --json --check-budget " + std::to_string(steps - 1));
  EXPECT_EQ(short_one.exit_code, 3) << short_one.err;
  const json cut = json::parse(short_one.out);
  EXPECT_EQ(cut["verdict"], "inconclusive");
  EXPECT_TRUE(cut["linearizable"].is_null());
  EXPECT_EQ(cut["steps"], steps - 1);
  const CommandResult text = grovesim("check " + path + " --check-budget 1");
  EXPECT_EQ(text.exit_code, 3);
  EXPECT_NE(text.out.find("INCONCLUSIVE"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("This is not a pass"), std::string::npos) << text.out;
  EXPECT_EQ(grovesim("check " + path + " --check-budget 0").exit_code, 2);
}

TEST(CliBudget, CheckRejectsACondPutReplyOutsideTheModel) {
  const auto dir = scratch_dir("budget-check-bad");
  const std::string path = (dir / "history.json").string();
  std::ofstream(path)
      << R"({"format": "grovesim-history", "version": 1, "model": "kv", "operations": [)"
      << R"({"client": 0, "op": "cond-put", "key": "a", "input": ["", "1"], "output": "maybe", "invoke_ns": 0, "return_ns": 10}]})";
  const CommandResult check = grovesim("check " + path);
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_NE(check.err.find(path + ": operation #0"), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("cond-put output must be"), std::string::npos) << check.err;
  EXPECT_EQ(std::count(check.err.begin(), check.err.end(), '\n'), 1) << check.err;
}

// A history that yields no operation was not checked: never "linearizable".
TEST(CliCheck, AHistoryWithoutOperationsIsBadInputNotLinearizable) {
  const auto dir = scratch_dir("check-empty");
  const std::string edn = (dir / "only-comments.edn").string();
  std::ofstream(edn) << "; nothing here\r; still nothing\r";
  const CommandResult check = grovesim("check " + edn + " --format jepsen-edn");
  EXPECT_EQ(check.exit_code, 2) << check.out;
  EXPECT_NE(check.err.find("no operation found"), std::string::npos) << check.err;
  EXPECT_EQ(check.out.find("LINEARIZABLE"), std::string::npos) << check.out;
}

// A block of operations pasted 100 times overlaps itself client by client: rejected at once
// with the two operations named, instead of a search through a huge space.
TEST(CliCheck, OverlappingOperationsOfOneClientAreBadInput) {
  const auto dir = scratch_dir("check-overlap");
  const std::string path = (dir / "history.json").string();
  {
    std::ofstream file(path);
    file << R"({"format": "grovesim-history", "version": 1, "model": "kv", "operations": [)";
    for (int copy = 0; copy < 100; ++copy) {
      for (int client = 0; client < 5; ++client) {
        file << (copy == 0 && client == 0 ? "" : ",") << R"({"client": )" << client
             << R"(, "op": "put", "key": "k", "input": [")" << client
             << R"("], "output": "", "invoke_ns": )" << client * 5 << R"(, "return_ns": 40})";
      }
    }
    file << "]}";
  }
  const CommandResult check = grovesim("check " + path);
  EXPECT_EQ(check.exit_code, 2) << check.out;
  EXPECT_NE(check.err.find(path + ": operation #5 of client 0"), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("must not overlap"), std::string::npos) << check.err;
  EXPECT_EQ(std::count(check.err.begin(), check.err.end(), '\n'), 1) << check.err;
}

}  // namespace
}  // namespace grove::testing
