// grovesim run / replay / scenarios: exit codes, JSON output, bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include "tests/cli/cli_test_util.h"

namespace grove::testing {
namespace {

using nlohmann::json;

TEST(CliRun, PassingRunPrintsJsonWithTheDocumentedFields) {
  const CommandResult run = grovesim("run --scenario vkv --seed 3 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  const json result = json::parse(run.out);
  for (const char* key : {"scenario", "seed", "ok", "violations", "trace_hash", "events", "ops",
                          "sim_time_ns", "wall_ms", "faults"}) {
    EXPECT_TRUE(result.contains(key)) << key;
  }
  EXPECT_EQ(result["scenario"], "vkv");
  EXPECT_EQ(result["seed"], 3);
  EXPECT_TRUE(result["ok"].get<bool>());
  EXPECT_GT(result["ops"].get<int>(), 10);
  const std::vector<std::string> checkers = result["checkers"];
  EXPECT_EQ(checkers, (std::vector<std::string>{"linearizability", "replication", "exactly-once",
                                                "paxos", "config", "lease", "liveness"}));
}

TEST(CliRun, AnAppRunListsTheProtocolCheckersBesideItsOwn) {
  const CommandResult run = grovesim("run --scenario bank --seed 1 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  const json result = json::parse(run.out);
  const std::vector<std::string> checkers = result["checkers"];
  for (const char* name : {"linearizability", "replication", "exactly-once", "paxos", "config",
                           "lease", "bank", "liveness"}) {
    EXPECT_NE(std::find(checkers.begin(), checkers.end(), name), checkers.end()) << name;
  }
}

TEST(CliRun, CheckDeterminismRunsTheSeedTwice) {
  const CommandResult run = grovesim("run --scenario vkv-crashes --seed 5 --check-determinism");
  EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_NE(run.out.find("deterministic: two runs gave trace hash"), std::string::npos) << run.out;
}

// A failing seed still fails under --check-determinism (exit 1, the violation printed), and the
// requested files are written from the first run.
TEST(CliRun, CheckDeterminismReportsTheVerdictAndWritesTheFiles) {
  const auto dir = scratch_dir("determinism-files");
  bool seen_failure = false;
  for (int seed = 1; seed <= 8 && !seen_failure; ++seed) {
    const std::string report = (dir / ("r" + std::to_string(seed) + ".html")).string();
    const std::string trace = (dir / ("t" + std::to_string(seed) + ".jsonl")).string();
    const CommandResult run = grovesim("run --scenario clock-unsafe --seed " + std::to_string(seed) +
                                       " --check-determinism --report " + report + " --trace " + trace);
    EXPECT_TRUE(std::filesystem::exists(report)) << seed;
    EXPECT_GT(std::filesystem::file_size(trace), 0u) << seed;
    if (run.exit_code == 1) {
      seen_failure = true;
      EXPECT_NE(run.out.find("deterministic: two runs"), std::string::npos) << run.out;
      EXPECT_NE(run.out.find("FAILED"), std::string::npos) << run.out;
      EXPECT_NE(run.out.find("violation ["), std::string::npos) << run.out;
    } else {
      EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    }
  }
  EXPECT_TRUE(seen_failure) << "clock-unsafe failed in none of seeds 1-8";
}

TEST(CliRun, FailingSeedReplaysBitForBit) {
  const auto dir = scratch_dir("replay");
  // clock-unsafe is the self-test: find a failing seed among the first few.
  std::string replay_file;
  for (int seed = 1; seed <= 8 && replay_file.empty(); ++seed) {
    const std::string path = (dir / ("seed" + std::to_string(seed) + ".replay.json")).string();
    const CommandResult run = grovesim("run --scenario clock-unsafe --seed " +
                                       std::to_string(seed) + " --replay " + path);
    if (run.exit_code == 1) replay_file = path;
  }
  ASSERT_FALSE(replay_file.empty()) << "clock-unsafe found nothing in seeds 1..8";
  const CommandResult replay = grovesim("replay " + replay_file + " --history " +
                                        (dir / "h.json").string() + " --report " +
                                        (dir / "r.html").string());
  EXPECT_EQ(replay.exit_code, 1) << replay.err << replay.out;
  EXPECT_NE(replay.out.find("trace hash matches"), std::string::npos) << replay.out;
  EXPECT_NE(replay.out.find("violation ["), std::string::npos) << replay.out;
  EXPECT_NE(read_file(dir / "r.html").find("<svg"), std::string::npos);
  // The history it wrote is accepted by `grovesim check`.
  const CommandResult check = grovesim("check " + (dir / "h.json").string());
  EXPECT_TRUE(check.exit_code == 0 || check.exit_code == 1) << check.err;
}

TEST(CliRun, ReplayOfAnEditedFileReportsDivergence) {
  const auto dir = scratch_dir("diverge");
  const std::string path = (dir / "pass.replay.json").string();
  ASSERT_EQ(grovesim("run --scenario vkv --seed 2 --replay " + path).exit_code, 0);
  std::string text = read_file(path);
  const std::size_t at = text.find("\"trace_hash\": \"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at + 15, 16, "0123456789abcdef");
  std::ofstream(path) << text;
  EXPECT_EQ(grovesim("replay " + path).exit_code, 4);
}

TEST(CliRun, MalformedScenarioFileExitsTwoNamingFileAndKey) {
  const auto dir = scratch_dir("bad-scenario");
  const std::string path = (dir / "bad.json").string();
  std::ofstream(path) << R"({"name": "bad", "faults": {"crash": {"rate_per_s": -1}}})";
  const CommandResult run = grovesim("run --scenario " + path);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(path + ": faults.crash.rate_per_s: expected a number"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

TEST(CliRun, AnUnknownStepEventExitsTwoNamingTheKeyPath) {
  const auto dir = scratch_dir("bad-step");
  const std::string path = (dir / "bad.json").string();
  std::ofstream(path) << R"({"name": "bad", "faults": {"crash_after": [
      {"event": "apply_acked", "probability": 0.1}, {"event": "appy_acked", "probability": 0.1}]}})";
  const CommandResult run = grovesim("run --scenario " + path);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(path + ": faults.crash_after[1].event: expected one of"), std::string::npos)
      << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

TEST(CliRun, MalformedReplayFileExitsTwo) {
  const auto dir = scratch_dir("bad-replay");
  const std::string path = (dir / "bad.replay.json").string();
  std::ofstream(path) << R"({"format": "grovesim-replay", "seed": "seven"})";
  CommandResult run = grovesim("replay " + path);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(path + ": seed: expected"), std::string::npos) << run.err;
  std::ofstream(path) << "not json at all";
  run = grovesim("replay " + path);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(path), std::string::npos) << run.err;
}

TEST(CliRun, UnknownFlagsAndBugsExitTwo) {
  EXPECT_EQ(grovesim("run --no-such-flag").exit_code, 2);
  const CommandResult bug = grovesim("run --bug Z9");
  EXPECT_EQ(bug.exit_code, 2);
  EXPECT_NE(bug.err.find("Z9"), std::string::npos);
  EXPECT_EQ(grovesim("campaign --seeds 9..1").exit_code, 2);
  EXPECT_EQ(grovesim("campaign --shard 3/2").exit_code, 2);
}

TEST(CliRun, ScenariosListsTheBuiltins) {
  const CommandResult list = grovesim("scenarios");
  EXPECT_EQ(list.exit_code, 0);
  for (const char* name :
       {"vkv", "vkv-reconfig", "vkv-leases", "vkv-partitions", "vkv-crashes", "clock-unsafe"}) {
    EXPECT_NE(list.out.find(std::string(name) + " "), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace grove::testing

namespace grove::testing {
namespace {

TEST(CliShrink, ShrunkReplayStillFailsTheSameWayAndReplays) {
  const auto dir = scratch_dir("shrink");
  std::string replay_file;
  for (int seed = 1; seed <= 8 && replay_file.empty(); ++seed) {
    const std::string path = (dir / ("s" + std::to_string(seed) + ".replay.json")).string();
    if (grovesim("run --scenario clock-unsafe --seed " + std::to_string(seed) + " --replay " + path)
            .exit_code == 1) {
      replay_file = path;
    }
  }
  ASSERT_FALSE(replay_file.empty());
  const std::string shrunk = (dir / "small.replay.json").string();
  const CommandResult run = grovesim("shrink " + replay_file + " --max-runs 40 --json --out " + shrunk);
  ASSERT_EQ(run.exit_code, 1) << run.err << run.out;
  const auto summary = nlohmann::json::parse(run.out);
  EXPECT_EQ(summary["checker"], "lease");
  EXPECT_LE(summary["runs"].get<int>(), 40);
  // Never longer than the input, and here much shorter: the lease rule fires online, so the
  // run is cut at its first violation.
  EXPECT_LE(summary["after"]["events"], summary["before"]["events"]);
  EXPECT_LT(summary["after"]["events"].get<double>(), 0.5 * summary["before"]["events"].get<double>());
  EXPECT_TRUE(summary["fail_fast"].get<bool>());
  const CommandResult replay = grovesim("replay " + shrunk);
  EXPECT_EQ(replay.exit_code, 1) << replay.out;
  EXPECT_NE(replay.out.find("trace hash matches"), std::string::npos) << replay.out;
  // The shrunk scenario is no swarm scenario any more: its faults are written out.
  EXPECT_NE(read_file(shrunk).find("\"swarm\": false"), std::string::npos);
}

}  // namespace
}  // namespace grove::testing

namespace grove::testing {
namespace {

TEST(CliRun, TraceFileHoldsExactlyTheRunsEvents) {
  const auto dir = scratch_dir("trace");
  for (const char* scenario : {"vkv", "lock"}) {
    const std::string path = (dir / (std::string(scenario) + ".jsonl")).string();
    const CommandResult run =
        grovesim(std::string("run --json --seed 2 --scenario ") + scenario + " --trace " + path);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto events = nlohmann::json::parse(run.out)["events"].get<std::size_t>();
    const std::string text = read_file(path);
    EXPECT_EQ(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')), events)
        << scenario;
    // Every line is a JSON object with its index and kind.
    const std::string first = text.substr(0, text.find('\n'));
    const auto event = nlohmann::json::parse(first);
    EXPECT_EQ(event["i"], 0);
    EXPECT_TRUE(event.contains("kind"));
  }
}

}  // namespace
}  // namespace grove::testing

namespace grove::testing {
namespace {

TEST(CliSeeds, NegativeAndOverlongSeedsAreRejectedNotWrapped) {
  for (const char* seed : {"-5", "99999999999999999999", "1e3", ""}) {
    const CommandResult run = grovesim(std::string("run --scenario vkv --seed '") + seed + "'");
    EXPECT_EQ(run.exit_code, 2) << seed << ": " << run.out;
    EXPECT_NE(run.err.find("--seed"), std::string::npos) << run.err;
  }
  EXPECT_EQ(grovesim("hunt --bug R1 --first-seed -1").exit_code, 2);
}

}  // namespace
}  // namespace grove::testing

namespace grove::testing {
namespace {

// A replay that would run for minutes stops at its --timeout with exit 5.
TEST(CliReplay, TimeoutStopsALongReplay) {
  const auto dir = scratch_dir("replay-timeout");
  const std::string recorded = (dir / "short.replay.json").string();
  ASSERT_EQ(grovesim("run --scenario vkv --seed 1 --replay " + recorded).exit_code, 0);
  nlohmann::json replay = nlohmann::json::parse(read_file(recorded));
  replay["scenario"]["phases"]["safety_s"] = 3600.0;  // an hour: far more than 1 s of wall time
  const std::string long_file = (dir / "long.replay.json").string();
  std::ofstream(long_file) << replay.dump(2);
  const CommandResult run = grovesim("replay " + long_file + " --timeout 1");
  EXPECT_EQ(run.exit_code, 5) << run.out << run.err;
  EXPECT_NE(run.err.find("replay timed out"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace grove::testing
