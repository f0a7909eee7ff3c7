#include "cli/explore_command.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli/explorer.h"
#include "cli/progress.h"
#include "cli/run_support.h"

namespace grove::cli {

namespace {
using nlohmann::json;
}  // namespace

int run_explore(const ExploreOptions& options) {
  const std::optional<Strategy> strategy = parse_strategy(options.strategy);
  if (!strategy) {
    std::fprintf(stderr, "grovesim: --strategy %s: unknown strategy (expected one of: %s)\n",
                 options.strategy.c_str(), kStrategyNames);
    return kExitBadInput;
  }
  std::optional<scenarios::Scenario> scenario = load_scenario_or_report(options.scenario);
  if (!scenario) return kExitBadInput;
  apply_check_budget(*scenario, options.check_budget);
  if (!apply_fault_bound(*scenario, options.fault_bound)) return kExitBadInput;
  std::optional<env::BugSet> bugs = parse_bugs_or_report(options.bugs);
  if (!bugs) return kExitBadInput;
  if (options.budget == 0) {
    std::fprintf(stderr, "grovesim: --budget must be at least 1 run\n");
    return kExitBadInput;
  }
  if (options.preemption_bound < 0 || options.preemption_bound > 16) {
    std::fprintf(stderr, "grovesim: --preemption-bound %d: expected 0 to 16\n", options.preemption_bound);
    return kExitBadInput;
  }
  if (options.pct_depth < 1 || options.pct_depth > 64) {
    std::fprintf(stderr, "grovesim: --depth %d: expected a PCT depth from 1 to 64\n", options.pct_depth);
    return kExitBadInput;
  }

  // Replay files are named by run number: an earlier search's would mix with this one's.
  if (!prepare_out_dir(options.out_dir, options.force, {}, "replay files of a search")) return kExitBadInput;
  ExploreConfig config;
  config.strategy = *strategy;
  config.first_seed = options.first_seed;
  config.budget = options.budget;
  config.jobs = options.jobs;
  config.run_timeout_s = options.run_timeout_s;
  config.pct_depth = options.pct_depth;
  config.pct_steps = options.pct_steps;
  config.preemption_bound = options.preemption_bound;
  config.out_dir = options.out_dir;
  config.fail_fast = options.fail_fast;
  Explorer explorer(*scenario, *bugs, options.bugs, config);

  Progress progress(options.budget, ::isatty(STDERR_FILENO) != 0 && !options.json, "runs");
  json failures = json::array();
  std::map<std::string, std::uint64_t> failures_by_checker;
  std::uint64_t failed = 0, done = 0;
  const ExploreSummary summary = explorer.run([&](const ExploreRun& run) {
    ++done;
    if (run.verdict != "pass" && run.verdict != "inconclusive") {
      ++failed;
      json fired = json::array();
      for (const auto& [checker, rule] : run.violations) fired.push_back(checker + "/" + rule);
      if (run.violations.empty()) fired.push_back(run.verdict);
      ++failures_by_checker[run.violations.empty() ? run.verdict : run.violations.front().first];
      json failure = {{"run", run.index},
                      {"seed", run.input.seed},
                      {"origin", run.input.origin},
                      {"fired", fired},
                      {"events", run.events}};
      if (!run.replay_path.empty()) failure["replay"] = run.replay_path;
      if (!run.detail.empty()) failure["detail"] = run.detail;
      progress.message("run " + std::to_string(run.index) + " (seed " +
                       std::to_string(run.input.seed) + ", " + run.input.origin + ") failed: " +
                       fired[0].get<std::string>());
      failures.push_back(std::move(failure));
    }
    progress.update(done, failed);
    return options.max_failures == 0 || failed < options.max_failures;
  });
  progress.finish();

  json out = {{"scenario", scenario->name},
              {"strategy", strategy_name(*strategy)},
              {"budget", options.budget},
              {"first_seed", options.first_seed},
              {"bugs", options.bugs},
              {"jobs", options.jobs},
              {"runs", summary.runs},
              {"failed", summary.failed},
              {"inconclusive", summary.inconclusive},
              {"passed", summary.runs - summary.failed - summary.inconclusive},
              {"failures_by_checker", failures_by_checker},
              {"failures", failures},
              {"stopped_early", summary.stopped},
              {"wall_s", summary.wall_s},
              {"runs_per_second", summary.wall_s > 0 ? static_cast<double>(summary.runs) / summary.wall_s : 0.0}};
  if (*strategy == Strategy::kPct) out["pct"] = {{"depth", options.pct_depth}, {"steps", summary.pct_steps}};
  if (*strategy == Strategy::kDfs) {
    out["exhausted"] = summary.exhausted;
    out["dfs"] = {{"seed", options.first_seed},
                  {"preemption_bound", options.preemption_bound},
                  {"fault_bound", scenario->faults.steps.per_run()},
                  {"schedules", summary.runs},
                  {"distinct_states", summary.distinct_states},
                  {"expanded_branch_points", summary.expanded},
                  {"pending_prefixes", summary.pending}};
  }
  if (*strategy == Strategy::kGuided) {
    out["guided"] = {{"corpus", summary.corpus}, {"features", summary.features}};
  }
  if (options.json) {
    std::cout << out.dump(2) << "\n";
  } else {
    std::printf("explore %s (%s): %llu runs, %llu failed, %llu inconclusive (%.1f runs/s)\n",
                scenario->name.c_str(), strategy_name(*strategy),
                static_cast<unsigned long long>(summary.runs),
                static_cast<unsigned long long>(summary.failed),
                static_cast<unsigned long long>(summary.inconclusive),
                out["runs_per_second"].get<double>());
    if (*strategy == Strategy::kPct) {
      std::printf("  pct: depth %d over %llu contended picks per run\n", options.pct_depth,
                  static_cast<unsigned long long>(summary.pct_steps));
    }
    if (*strategy == Strategy::kDfs) {
      std::printf("  dfs: %s after %llu schedules; %zu distinct abstract states, %zu branch points "
                  "expanded, preemption bound %d, fault bound %d%s\n",
                  summary.exhausted ? "the bounded tree is EXHAUSTED" : "NOT exhausted",
                  static_cast<unsigned long long>(summary.runs), summary.distinct_states,
                  summary.expanded, options.preemption_bound, scenario->faults.steps.per_run(),
                  summary.exhausted ? "" : (" (" + std::to_string(summary.pending) + " prefixes left; raise --budget)").c_str());
    }
    if (*strategy == Strategy::kGuided) {
      std::printf("  guided: %zu distinct features reached, corpus of %zu inputs\n",
                  summary.features, summary.corpus);
    }
    for (const auto& [checker, count] : failures_by_checker) {
      std::printf("  %s: %llu\n", checker.c_str(), static_cast<unsigned long long>(count));
    }
    if (summary.failed > 0) {
      std::printf("  replay files: %s/failures/  (grovesim replay FILE)\n", options.out_dir.c_str());
    }
  }
  if (summary.failed > 0) return kExitFailed;
  return summary.inconclusive > 0 ? kExitInconclusive : kExitOk;
}

}  // namespace grove::cli
