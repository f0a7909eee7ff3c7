#include "cli/campaign_command.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "cli/progress.h"
#include "cli/run_support.h"
#include "cli/worker_pool.h"
#include "core/env/coverage_marks.h"
#include "scenarios/scenario_json.h"
#include "traces/replay_file.h"

namespace grove::cli {

namespace {

using nlohmann::json;

struct SeedRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

std::optional<SeedRange> parse_seed_range(const std::string& text) {
  const std::size_t dots = text.find("..");
  try {
    std::size_t used = 0;
    SeedRange range;
    if (dots == std::string::npos) {
      range.first = range.last = std::stoull(text, &used);
      if (used != text.size()) return std::nullopt;
    } else {
      const std::string a = text.substr(0, dots), b = text.substr(dots + 2);
      range.first = std::stoull(a, &used);
      if (used != a.size()) return std::nullopt;
      range.last = std::stoull(b, &used);
      if (used != b.size()) return std::nullopt;
    }
    if (range.last < range.first || text.find('-') != std::string::npos) return std::nullopt;
    return range;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool parse_shard(const std::string& text, std::uint64_t& index, std::uint64_t& count) {
  if (text.empty()) {
    index = 0;
    count = 1;
    return true;
  }
  const std::size_t slash = text.find('/');
  try {
    if (slash == std::string::npos) return false;
    index = std::stoull(text.substr(0, slash));
    count = std::stoull(text.substr(slash + 1));
    return count > 0 && index < count && text.find('-') == std::string::npos;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

int run_campaign(const CampaignOptions& options) {
  std::optional<scenarios::Scenario> scenario = load_scenario_or_report(options.scenario);
  if (!scenario) return kExitBadInput;
  // In the scenario, so every replay file records the budget its seed ran with.
  apply_check_budget(*scenario, options.check_budget);
  std::optional<env::BugSet> bugs = parse_bugs_or_report(options.bugs);
  if (!bugs) return kExitBadInput;
  std::optional<SeedRange> range = parse_seed_range(options.seeds);
  if (!range) {
    std::fprintf(stderr, "grovesim: --seeds %s: expected A..B with 0 <= A <= B\n", options.seeds.c_str());
    return kExitBadInput;
  }
  std::uint64_t shard_index = 0, shard_count = 1;
  if (!parse_shard(options.shard, shard_index, shard_count)) {
    std::fprintf(stderr, "grovesim: --shard %s: expected I/N with 0 <= I < N\n", options.shard.c_str());
    return kExitBadInput;
  }
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t seed = range->first;; ++seed) {
    if ((seed - range->first) % shard_count == shard_index) seeds.push_back(seed);
    if (seed == range->last) break;
  }
  const std::filesystem::path out_dir(options.out_dir);
  // Old results next to a new summary would read as this campaign's.
  if (!prepare_out_dir(options.out_dir, options.force, {"summary.json"}, "a campaign's results")) {
    return kExitBadInput;
  }

  const scenarios::Scenario& the_scenario = *scenario;
  const env::BugSet the_bugs = *bugs;
  const std::vector<std::string> bug_names = options.bugs;
  // failures/ for failing seeds, inconclusive/ for seeds whose check ran out of budget.
  auto replay_path = [&the_scenario, out_dir](const char* folder, std::uint64_t seed) {
    return (out_dir / folder / (the_scenario.name + "-" + std::to_string(seed) + ".replay.json"))
        .string();
  };
  // Runs in the worker: the result line, and a replay file unless the seed passed.
  const bool fail_fast = options.fail_fast;
  auto run_seed = [&the_scenario, the_bugs, bug_names, replay_path, fail_fast](std::uint64_t seed) {
    scenarios::RunRequest request;
    request.seed = seed;
    request.bugs = the_bugs;
    request.fail_fast = fail_fast;
    const std::int64_t start = wall_now_ns();
    const scenarios::RunResult result = scenarios::run_scenario(the_scenario, request);
    const double wall_ms = wall_ms_since(start);
    if (result.verdict() != scenarios::RunVerdict::kPass) {
      const bool failed = result.verdict() == scenarios::RunVerdict::kFail;
      write_text_file(replay_path(failed ? "failures" : "inconclusive", seed),
                      replay_json(the_scenario, result, bug_names));
    }
    return run_result_json(result, wall_ms, false);
  };

  Progress progress(seeds.size(), ::isatty(STDERR_FILENO) != 0 && !options.json);
  std::map<std::string, std::uint64_t> failures_by_checker;
  // Coverage marks (rare protocol paths, STYLE.md): how many seeds reached each.
  // Every mark is listed, the ones no seed reached with 0: what the campaign did not exercise.
  std::map<std::string, std::uint64_t> seeds_reaching;
  for (std::string_view mark : env::kCoverageMarks) seeds_reaching[std::string(mark)] = 0;
  // One line per seed, in seed order: what a merge of shards must reproduce exactly.
  std::map<std::uint64_t, json> per_seed;
  std::vector<std::uint64_t> failing_seeds;
  // Seeds without a violation whose check ran out of budget: neither passed nor failed.
  std::vector<std::uint64_t> inconclusive_seeds;
  std::uint64_t completed = 0;
  std::uint64_t max_check_steps = 0;  // the most any seed's check needed (sizing budgets)
  std::uint64_t max_check_steps_seed = 0;
  double sim_time_s = 0, seed_wall_ms = 0;
  const std::int64_t start = wall_now_ns();
  WorkerPool pool(options.jobs, options.seed_timeout_s, run_seed);
  const long peak_rss_kib = pool.run(seeds, [&](const SeedOutcome& outcome) {
    ++completed;
    bool failed = false;
    if (outcome.kind == SeedOutcome::Kind::kResult) {
      const json result = json::parse(outcome.result_line);
      sim_time_s += result["sim_time_ns"].get<double>() / 1e9;
      seed_wall_ms += result["wall_ms"].get<double>();
      const auto check_steps = result["check_steps"].get<std::uint64_t>();
      if (check_steps > max_check_steps) {
        max_check_steps = check_steps;
        max_check_steps_seed = outcome.seed;
      }
      for (const auto& [mark, count] : result["coverage"].items()) {
        if (count.get<std::uint64_t>() > 0) ++seeds_reaching[mark];
      }
      const std::string verdict = result["verdict"].get<std::string>();
      std::set<std::string> fired;
      for (const json& violation : result["violations"]) {
        fired.insert(violation["checker"].get<std::string>() + "/" + violation["rule"].get<std::string>());
      }
      per_seed[outcome.seed] = {{"seed", outcome.seed},
                                {"verdict", verdict},
                                {"trace_hash", result["trace_hash"]},
                                {"events", result["events"]},
                                {"fired", fired}};
      if (verdict == "inconclusive") {
        inconclusive_seeds.push_back(outcome.seed);
        progress.message("seed " + std::to_string(outcome.seed) +
                         " inconclusive: the linearizability check ran out of its budget");
      } else if (verdict == "fail") {
        failed = true;
        std::set<std::string> checkers;
        for (const json& violation : result["violations"]) checkers.insert(violation["checker"]);
        for (const std::string& checker : checkers) ++failures_by_checker[checker];
        progress.message("seed " + std::to_string(outcome.seed) + " failed: " +
                         result["violations"][0]["checker"].get<std::string>() + "/" +
                         result["violations"][0]["rule"].get<std::string>());
      }
    } else {
      failed = true;
      const std::string checker = outcome.kind == SeedOutcome::Kind::kCrashed ? "crash" : "timeout";
      ++failures_by_checker[checker];
      per_seed[outcome.seed] = {{"seed", outcome.seed},
                                {"verdict", "fail"},
                                {"trace_hash", nullptr},
                                {"events", nullptr},
                                {"fired", {checker}}};
      progress.message("seed " + std::to_string(outcome.seed) + " " + checker + ": " + outcome.detail);
      write_text_file(replay_path("failures", outcome.seed),
                      replay_json(the_scenario, outcome.seed, bug_names, 0,
                                  {checker + ": " + outcome.detail}));
    }
    if (failed) failing_seeds.push_back(outcome.seed);
    progress.update(completed, failing_seeds.size());
    return options.max_failures == 0 || failing_seeds.size() < options.max_failures;
  });
  const double wall_s = wall_ms_since(start) / 1000.0;
  progress.finish();

  std::sort(failing_seeds.begin(), failing_seeds.end());
  std::sort(inconclusive_seeds.begin(), inconclusive_seeds.end());
  json summary = {
      {"scenario", the_scenario.name},
      {"seeds", {{"first", range->first}, {"last", range->last}}},
      {"shard", options.shard.empty() ? "0/1" : options.shard},
      {"bugs", options.bugs},
      {"jobs", options.jobs},
      {"completed", completed},
      {"passed", completed - failing_seeds.size() - inconclusive_seeds.size()},
      {"failed", failing_seeds.size()},
      {"inconclusive", inconclusive_seeds.size()},
      {"failures_by_checker", failures_by_checker},
      {"failing_seeds", failing_seeds},
      {"inconclusive_seeds", inconclusive_seeds},
      {"check_budget", the_scenario.check_budget},
      {"max_check_steps", max_check_steps},
      {"max_check_steps_seed", max_check_steps_seed},
      {"coverage_seeds", seeds_reaching},
      {"results", [&per_seed] {
         json lines = json::array();
         for (auto& [seed, line] : per_seed) lines.push_back(std::move(line));
         return lines;
       }()},
      {"wall_s", wall_s},
      {"seeds_per_second", wall_s > 0 ? static_cast<double>(completed) / wall_s : 0.0},
      {"mean_seed_wall_ms", completed > 0 ? seed_wall_ms / static_cast<double>(completed) : 0.0},
      {"simulated_s", sim_time_s},
      {"simulated_to_wall_ratio", wall_s > 0 ? sim_time_s / wall_s : 0.0},
      {"peak_worker_rss_kib", peak_rss_kib},
      {"stopped_early", options.max_failures > 0 && failing_seeds.size() >= options.max_failures &&
                            completed < seeds.size()},
  };
  write_text_file((out_dir / "summary.json").string(), summary.dump(2) + "\n");
  if (options.json) {
    std::cout << summary.dump(2) << "\n";
  } else {
    std::printf("campaign %s: %llu seeds, %zu failed, %zu inconclusive (%.1f seeds/s, %.0fx real "
                "time, worker peak RSS %ld MiB)\n",
                the_scenario.name.c_str(), static_cast<unsigned long long>(completed),
                failing_seeds.size(), inconclusive_seeds.size(),
                summary["seeds_per_second"].get<double>(),
                summary["simulated_to_wall_ratio"].get<double>(), peak_rss_kib / 1024);
    for (const auto& [checker, count] : failures_by_checker) {
      std::printf("  %s: %llu\n", checker.c_str(), static_cast<unsigned long long>(count));
    }
    const auto reached = static_cast<std::size_t>(std::count_if(
        seeds_reaching.begin(), seeds_reaching.end(), [](const auto& mark) { return mark.second > 0; }));
    std::printf("  coverage: %zu of %zu rare protocol paths reached (seeds per mark, zeros "
                "included, in summary.json)\n",
                reached, seeds_reaching.size());
    std::printf("  linearizability check: at most %llu of its %llu search steps used by a seed\n",
                static_cast<unsigned long long>(max_check_steps),
                static_cast<unsigned long long>(the_scenario.check_budget));
    if (summary["stopped_early"].get<bool>()) {
      std::printf("  stopped early: --max-failures %zu reached after %llu of %zu seeds\n",
                  options.max_failures, static_cast<unsigned long long>(completed), seeds.size());
    }
    if (!failing_seeds.empty()) {
      std::printf("  replay files: %s/failures/  (grovesim replay FILE)\n", options.out_dir.c_str());
    }
    if (!inconclusive_seeds.empty()) {
      std::printf("  inconclusive seeds (no verdict: the check ran out of budget): %s/inconclusive/"
                  "  (grovesim replay FILE --check-budget N)\n",
                  options.out_dir.c_str());
    }
  }
  if (!failing_seeds.empty()) return kExitFailed;
  return inconclusive_seeds.empty() ? kExitOk : kExitInconclusive;
}

}  // namespace grove::cli
