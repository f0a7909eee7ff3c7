// grovesim campaign and merge: summaries, replay files, shards, max-failures.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "tests/cli/cli_test_util.h"

namespace grove::testing {
namespace {

using nlohmann::json;

TEST(CliCampaign, SafeCampaignPassesAndWritesItsSummary) {
  const auto dir = scratch_dir("campaign-safe");
  const CommandResult run =
      grovesim("campaign --scenario vkv --seeds 1..8 --jobs 2 --json --out " + dir.string());
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  const json summary = json::parse(read_file(dir / "summary.json"));
  EXPECT_EQ(summary["completed"], 8);
  EXPECT_EQ(summary["failed"], 0);
  EXPECT_GT(summary["seeds_per_second"].get<double>(), 0);
  EXPECT_GT(summary["simulated_to_wall_ratio"].get<double>(), 1);
  EXPECT_EQ(json::parse(run.out)["completed"], 8);
  // Rare protocol paths reached, counted in seeds: reads that waited for their commit happen in
  // every run of this scenario.
  EXPECT_GE(summary["coverage_seeds"]["read_waits_for_commit"].get<int>(), 1);
  for (const auto& [mark, seeds] : summary["coverage_seeds"].items()) {
    EXPECT_LE(seeds.get<int>(), 8) << mark;
  }
}

TEST(CliCampaign, FailingSeedsGetReplayFilesAndReproduce) {
  const auto dir = scratch_dir("campaign-unsafe");
  const CommandResult run =
      grovesim("campaign --scenario clock-unsafe --seeds 1..6 --jobs 2 --out " + dir.string());
  ASSERT_EQ(run.exit_code, 1) << run.err << run.out;
  const json summary = json::parse(read_file(dir / "summary.json"));
  ASSERT_GE(summary["failed"].get<int>(), 1);
  const auto first = summary["failing_seeds"][0].get<int>();
  const auto replay = dir / "failures" / ("clock-unsafe-" + std::to_string(first) + ".replay.json");
  ASSERT_TRUE(std::filesystem::exists(replay));
  EXPECT_EQ(grovesim("replay " + replay.string()).exit_code, 1);
}

TEST(CliCampaign, MaxFailuresStopsEarly) {
  const auto dir = scratch_dir("campaign-stop");
  const CommandResult run = grovesim(
      "campaign --scenario clock-unsafe --seeds 1..40 --jobs 1 --max-failures 1 --out " +
      dir.string());
  EXPECT_EQ(run.exit_code, 1);
  const json summary = json::parse(read_file(dir / "summary.json"));
  EXPECT_EQ(summary["failed"], 1);
  EXPECT_LT(summary["completed"].get<int>(), 40);
  EXPECT_TRUE(summary["stopped_early"].get<bool>());
  EXPECT_NE(run.out.find("stopped early: --max-failures 1 reached after"), std::string::npos)
      << run.out;
}

// A second campaign into the same --out would leave the first one's failure files next to a
// summary that does not count them.
TEST(CliCampaign, AnOutputDirectoryWithResultsIsRefusedUnlessForced) {
  const auto dir = scratch_dir("campaign-again");
  const std::string first =
      "campaign --scenario clock-unsafe --seeds 1..6 --jobs 2 --out " + dir.string();
  ASSERT_EQ(grovesim(first).exit_code, 1);
  ASSERT_FALSE(std::filesystem::is_empty(dir / "failures"));
  const CommandResult again = grovesim("campaign --scenario vkv --seeds 1..2 --out " + dir.string());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already holds a campaign's results"), std::string::npos) << again.err;
  const CommandResult forced =
      grovesim("campaign --scenario vkv --seeds 1..2 --force --out " + dir.string());
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir / "failures"));
  EXPECT_EQ(json::parse(read_file(dir / "summary.json"))["scenario"], "vkv");
}

TEST(CliCampaign, ShardsPartitionTheSeedsAndMerge) {
  const auto a = scratch_dir("shard-a"), b = scratch_dir("shard-b");
  ASSERT_EQ(grovesim("campaign --seeds 1..6 --shard 0/2 --out " + a.string()).exit_code, 0);
  ASSERT_EQ(grovesim("campaign --seeds 1..6 --shard 1/2 --out " + b.string()).exit_code, 0);
  EXPECT_EQ(json::parse(read_file(a / "summary.json"))["completed"], 3);
  const CommandResult merged = grovesim("merge --json " + a.string() + " " + b.string());
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(json::parse(merged.out)["completed"], 6);
  EXPECT_TRUE(json::parse(merged.out)["missing_shards"].empty());
  EXPECT_FALSE(json::parse(merged.out)["coverage_seeds"].empty());
  EXPECT_EQ(grovesim("merge /nonexistent-dir").exit_code, 2);
  // A shard given twice would count its seeds twice.
  const CommandResult twice = grovesim("merge " + a.string() + " " + a.string());
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("shard 0/2 is given twice"), std::string::npos) << twice.err;
  // One shard alone: merged, and the missing one named.
  const CommandResult alone = grovesim("merge " + a.string());
  EXPECT_EQ(alone.exit_code, 0) << alone.err;
  EXPECT_NE(alone.out.find("missing shards: 1/2"), std::string::npos) << alone.out;
  // Summaries of different scenarios are not one campaign.
  const auto c = scratch_dir("shard-c");
  ASSERT_EQ(grovesim("campaign --scenario vkv-reconfig --seeds 1..6 --shard 1/2 --out " + c.string())
                .exit_code, 0);
  const CommandResult mixed = grovesim("merge " + a.string() + " " + c.string());
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_NE(mixed.err.find("different scenarios"), std::string::npos) << mixed.err;
}

}  // namespace
}  // namespace grove::testing

namespace grove::testing {
namespace {

// A campaign sharded through GNU parallel, as docs/campaigns.md shows, merges into exactly the
// per-seed results of one unsharded campaign (skipped without `parallel`).
TEST(ShardedCampaign, GnuParallelShardsMergeIntoTheUnshardedResults) {
  if (std::system("command -v parallel >/dev/null 2>&1") != 0) GTEST_SKIP() << "GNU parallel is not installed";
  const std::filesystem::path dir = scratch_dir("sharded");
  const std::string whole = (dir / "whole").string();
  ASSERT_EQ(grovesim("campaign --scenario vkv --seeds 1..24 --jobs 2 --out " + whole).exit_code, 0);
  const std::string command = "parallel --halt now,fail=1 -j3 '" + std::string(GROVESIM_BINARY) +
                              " campaign --scenario vkv --seeds 1..24 --shard {}/3 --jobs 1 --out " +
                              (dir / "shard").string() + "{} >/dev/null' ::: 0 1 2";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const CommandResult merged = grovesim("merge --json " + (dir / "shard0").string() + " " +
                                        (dir / "shard1").string() + " " + (dir / "shard2").string());
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  const nlohmann::json sharded = nlohmann::json::parse(merged.out);
  const nlohmann::json unsharded = nlohmann::json::parse(read_file(dir / "whole" / "summary.json"));
  ASSERT_EQ(sharded["results"].size(), 24u);
  EXPECT_EQ(sharded["results"], unsharded["results"]);  // seed, verdict, trace hash, events
  EXPECT_EQ(sharded["coverage_seeds"], unsharded["coverage_seeds"]);
  EXPECT_TRUE(sharded["missing_shards"].empty());
  // The same shard twice is refused, as are overlapping seeds.
  EXPECT_EQ(grovesim("merge " + (dir / "shard0").string() + " " + (dir / "shard0").string()).exit_code, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace grove::testing
