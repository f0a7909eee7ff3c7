#include "cli/hunt_command.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "cli/explorer.h"
#include "cli/run_support.h"
#include "cli/worker_pool.h"
#include "scenarios/bug_catalog.h"
#include "scenarios/scenario_json.h"

namespace grove::cli {

namespace {

using nlohmann::json;
using scenarios::BugInfo;

struct HuntRow {
  const BugInfo* bug = nullptr;
  std::string scenario;
  std::string error;              // the hunt could not run (e.g. its scenario does not exist)
  bool found = false;
  std::uint64_t seeds = 0;        // seeds up to and including the first finding (or all run)
  std::uint64_t seed = 0;         // the lowest seed that found it (the finding run's seed)
  std::string origin;             // pct/guided: how the finding run's input was made
  double wall_s = 0;
  std::string checker;            // "checker/rule" of the finding
  std::vector<std::string> checkers;  // every checker/rule of the finding seed (first rule each)
  std::uint64_t other_failures = 0;  // seeds that failed without finding it (stalls, crashes)
  // Seeds with no violation whose linearizability check ran out of budget: they show neither
  // that the bug is there nor that it is not.
  std::uint64_t inconclusive = 0;
  // The finding seed passes without the bug, so the finding is the bug's doing (always true
  // for L6, which has no flag to take away). Inconclusive without the bug does not confirm.
  bool confirmed = false;
  bool confirmation_inconclusive = false;
  // dfs: the bounded tree was searched to its end (unfound: the bug is not in it; not merely
  // not yet found within --max-seeds).
  std::optional<bool> exhausted;

  // What the team wants to see: found (and confirmed), and the negative control not flagged
  // over seeds that all reached a verdict.
  bool as_expected() const {
    return error.empty() &&
           (bug->negative_control ? !found && inconclusive == 0 : found && confirmed);
  }
};

// Runs in the worker: one seed as {"verdict": pass|fail|inconclusive, "violations":
// [[checker, rule], ...]}.
std::string verdict_line(const scenarios::Scenario& scenario, const env::BugSet& bugs,
                         std::uint64_t seed) {
  scenarios::RunRequest request;
  request.seed = seed;
  request.bugs = bugs;
  const scenarios::RunResult result = scenarios::run_scenario(scenario, request);
  json violations = json::array();
  for (const auto& violation : result.violations) {
    violations.push_back({violation.checker, violation.rule});
  }
  return json{{"verdict", scenarios::verdict_name(result.verdict())}, {"violations", violations}}
      .dump();
}

// The checker/rule of the finding first, then each other checker's first rule; empty if no
// violation finds the bug.
std::vector<std::string> finding_checkers(const BugInfo& bug,
                                          const std::vector<std::pair<std::string, std::string>>& violations) {
  std::vector<std::string> fired;
  for (const auto& [checker, rule] : violations) {
    const scenarios::Violation v{checker, rule, ""};
    if (scenarios::finds(bug, v)) {
      fired.push_back(checker + "/" + rule);
      break;
    }
  }
  if (fired.empty()) return fired;
  std::set<std::string> checkers{fired.front().substr(0, fired.front().find('/'))};
  for (const auto& [checker, rule] : violations) {
    if (checkers.insert(checker).second) fired.push_back(checker + "/" + rule);
  }
  return fired;
}

// A hunt by `grovesim explore`'s pct or guided strategy: runs until one finds the bug.
void hunt_by_strategy(HuntRow& row, const BugInfo& bug, const HuntOptions& options, Strategy strategy,
                      std::size_t jobs, const scenarios::Scenario& scenario, const env::BugSet& bugs) {
  ExploreConfig config;
  config.strategy = strategy;
  config.first_seed = options.first_seed;
  config.budget = options.max_seeds;
  config.jobs = jobs;
  config.run_timeout_s = options.seed_timeout_s;
  config.pct_depth = options.pct_depth;
  config.preemption_bound = options.preemption_bound;
  Explorer explorer(scenario, bugs, {}, config);
  std::optional<ExploreRun> finding;
  std::uint64_t runs = 0;
  const ExploreSummary summary = explorer.run([&](const ExploreRun& run) {
    ++runs;
    if (run.verdict == "crashed" || run.verdict == "timed-out") {
      ++row.other_failures;
      return true;
    }
    if (run.verdict == "inconclusive") {
      ++row.inconclusive;
      return true;
    }
    std::vector<std::string> fired = finding_checkers(bug, run.violations);
    if (fired.empty()) {
      if (!run.violations.empty()) ++row.other_failures;
      return true;
    }
    row.checkers = std::move(fired);
    row.checker = row.checkers.front();
    row.seed = run.input.seed;
    row.origin = run.input.origin;
    finding = run;
    return false;
  });
  row.seeds = runs;
  row.found = finding.has_value();
  if (strategy == Strategy::kDfs) row.exhausted = summary.exhausted;
  if (!row.found) return;
  row.confirmed = !bug.flag;
  if (bug.flag) {
    const std::string verdict = explorer.verdict_of(*finding, env::BugSet{});
    row.confirmed = verdict == "pass";
    row.confirmation_inconclusive = verdict == "inconclusive";
  }
}

HuntRow hunt(const BugInfo& bug, const HuntOptions& options, std::size_t jobs) {
  HuntRow row;
  row.bug = &bug;
  // A bug without a flag (L6) is its scenario: an override would hunt nothing.
  row.scenario = !bug.flag               ? std::string(bug.scenario)
                 : options.generic       ? std::string(scenarios::generic_scenario(bug))
                 : !options.scenario.empty() ? options.scenario
                                             : std::string(bug.scenario);
  const scenarios::ScenarioLoad load = scenarios::load_scenario(row.scenario);
  if (!load.ok()) {
    row.error = load.error;
    return row;
  }
  scenarios::Scenario scenario = *load.scenario;
  apply_check_budget(scenario, options.check_budget);
  // Checked by run_hunt: --fault-bound comes with a --scenario that has step faults (L6, which
  // keeps its own scenario, is the one row it does not reach).
  if (row.scenario == options.scenario && !apply_fault_bound(scenario, options.fault_bound)) {
    row.error = "--fault-bound: scenario has no step faults";
    return row;
  }
  env::BugSet bugs;
  if (bug.flag) bugs.enable(*bug.flag);
  const Strategy strategy = *parse_strategy(options.strategy);
  if (strategy != Strategy::kRandom) {
    const std::int64_t started = wall_now_ns();
    hunt_by_strategy(row, bug, options, strategy, jobs, scenario, bugs);
    row.wall_s = wall_ms_since(started) / 1000.0;
    return row;
  }

  std::vector<std::uint64_t> seeds;
  for (std::uint64_t i = 0; i < options.max_seeds; ++i) seeds.push_back(options.first_seed + i);
  std::map<std::uint64_t, std::vector<std::string>> findings;  // seed -> checker/rule, finding first
  std::uint64_t completed = 0;
  const bool show_progress = ::isatty(STDERR_FILENO) != 0;
  const std::int64_t start = wall_now_ns();
  WorkerPool pool(jobs, options.seed_timeout_s, [&scenario, bugs](std::uint64_t seed) {
    return verdict_line(scenario, bugs, seed);
  });
  pool.run(seeds, [&](const SeedOutcome& outcome) {
    ++completed;
    if (show_progress && completed % 10 == 0) {
      std::fprintf(stderr, "\rhunt %s: %llu seeds", std::string(bug.id).c_str(),
                   static_cast<unsigned long long>(completed));
    }
    if (outcome.kind != SeedOutcome::Kind::kResult) {
      ++row.other_failures;  // a crashed or timed-out worker proves nothing about the bug
      return true;
    }
    const json line = json::parse(outcome.result_line);
    const json& violations = line["violations"];
    if (line["verdict"] == "inconclusive") {
      ++row.inconclusive;  // not a pass: no evidence either way
      return true;
    }
    std::vector<std::string> fired;  // the finding first, then the other checkers' first rules
    std::set<std::string> checkers;
    for (const json& violation : violations) {
      const scenarios::Violation v{violation[0], violation[1], ""};
      if (scenarios::finds(bug, v) && fired.empty()) fired.push_back(v.checker + "/" + v.rule);
    }
    if (fired.empty()) {
      if (!violations.empty()) ++row.other_failures;
      return true;
    }
    checkers.insert(fired.front().substr(0, fired.front().find('/')));
    for (const json& violation : violations) {
      const std::string checker = violation[0];
      if (checkers.insert(checker).second) fired.push_back(checker + "/" + violation[1].get<std::string>());
    }
    findings.emplace(outcome.seed, std::move(fired));
    return false;  // stop handing out seeds; those in flight still finish
  });
  if (show_progress) std::fprintf(stderr, "\r\033[K");
  row.wall_s = wall_ms_since(start) / 1000.0;
  if (findings.empty()) {
    row.seeds = completed;
    return row;
  }
  // Every seed below the lowest finding was handed out before it, so has finished too.
  row.found = true;
  row.seed = findings.begin()->first;
  row.seeds = row.seed - options.first_seed + 1;
  row.checkers = findings.begin()->second;
  row.checker = row.checkers.front();
  row.confirmed = !bug.flag;
  if (bug.flag) {
    // The same seed without the flag, in a worker too (a seed may crash its process).
    WorkerPool control(1, options.seed_timeout_s, [&scenario](std::uint64_t seed) {
      return verdict_line(scenario, env::BugSet{}, seed);
    });
    control.run({row.seed}, [&row](const SeedOutcome& outcome) {
      if (outcome.kind != SeedOutcome::Kind::kResult) return true;  // unconfirmed
      const std::string verdict = json::parse(outcome.result_line)["verdict"];
      row.confirmed = verdict == "pass";
      row.confirmation_inconclusive = verdict == "inconclusive";
      return true;
    });
  }
  return row;
}

json row_json(const HuntRow& row) {
  json out = {{"bug", row.bug->id},
              {"found", row.found},
              {"seeds", row.seeds},
              {"wall_s", row.wall_s},
              {"checker", row.found ? json(row.checker) : json(nullptr)},
              {"checkers", row.checkers},
              {"negative_control", row.bug->negative_control},
              {"liveness_only", row.bug->liveness_only},
              {"family", row.bug->family},
              {"scenario", row.scenario},
              {"expected_checker", row.bug->checker},
              {"other_failures", row.other_failures},
              {"inconclusive", row.inconclusive},
              {"confirmed", row.confirmed},
              {"confirmation_inconclusive", row.confirmation_inconclusive},
              {"as_expected", row.as_expected()}};
  if (row.found) out["seed"] = row.seed;
  if (row.found && !row.origin.empty()) out["origin"] = row.origin;
  if (row.exhausted) out["exhausted"] = *row.exhausted;
  if (!row.error.empty()) out["error"] = row.error;
  return out;
}

void print_row(const HuntRow& row) {
  std::string found = row.found ? "yes" : "no";
  if (!row.error.empty()) found = "n/a";
  std::string checker = "-";
  if (!row.found && row.exhausted) {
    checker = *row.exhausted ? "-  (not in the bounded tree: searched to its end)"
                             : "-  (the bounded tree was not exhausted)";
  }
  for (std::size_t i = 0; i < row.checkers.size(); ++i) {
    checker = i == 0 ? row.checkers[i] : checker + ", " + row.checkers[i];
  }
  if (row.bug->negative_control) checker += row.found ? "  (FALSE ALARM?)" : "  (negative control)";
  if (row.found && !row.confirmed) {
    checker += row.confirmation_inconclusive
                   ? "  (UNCONFIRMED: the seed is inconclusive without the bug)"
                   : "  (UNCONFIRMED: the seed fails without the bug too)";
  }
  if (row.inconclusive > 0) {
    checker += "  (" + std::to_string(row.inconclusive) + " inconclusive seed" +
               (row.inconclusive == 1 ? "" : "s") + ")";
  }
  if (!row.error.empty()) checker = row.error;
  std::printf("%-4s %-16s %-15s %-5s %6llu %8.1f  %s\n", std::string(row.bug->id).c_str(),
              std::string(row.bug->family).c_str(), row.scenario.c_str(), found.c_str(),
              static_cast<unsigned long long>(row.seeds), row.wall_s, checker.c_str());
  std::fflush(stdout);
}

void print_summary(const std::vector<HuntRow>& rows) {
  std::vector<std::uint64_t> seeds;
  std::size_t expected = 0, hunted = 0;
  for (const HuntRow& row : rows) {
    expected += row.as_expected();
    if (row.bug->negative_control || !row.error.empty()) continue;
    ++hunted;
    if (row.found) seeds.push_back(row.seeds);
  }
  std::sort(seeds.begin(), seeds.end());
  std::printf("\n%zu/%zu bugs found", seeds.size(), hunted);
  if (!seeds.empty()) {
    std::printf("; seeds to first detection: median %llu, max %llu",
                static_cast<unsigned long long>(seeds[(seeds.size() - 1) / 2]),
                static_cast<unsigned long long>(seeds.back()));
  }
  std::printf("; %zu/%zu rows as expected\n", expected, rows.size());
}

}  // namespace

int run_hunt(const HuntOptions& options) {
  std::vector<const BugInfo*> bugs;
  if (options.all) {
    for (const BugInfo& bug : scenarios::bug_catalog()) bugs.push_back(&bug);
  }
  for (const std::string& name : options.bugs) {
    const BugInfo* bug = scenarios::find_bug(name);
    if (bug == nullptr) {
      std::fprintf(stderr, "grovesim: --bug %s: unknown bug (see `grovesim bugs`)\n", name.c_str());
      return kExitBadInput;
    }
    if (!options.all) bugs.push_back(bug);
  }
  if (bugs.empty()) {
    std::fprintf(stderr, "grovesim hunt: name a bug with --bug NAME, or use --all\n");
    return kExitBadInput;
  }
  if (options.generic && !options.scenario.empty()) {
    std::fprintf(stderr, "grovesim hunt: --generic and --scenario exclude each other\n");
    return kExitBadInput;
  }
  if (!parse_strategy(options.strategy)) {
    std::fprintf(stderr, "grovesim: --strategy %s: unknown strategy (expected one of: %s)\n",
                 options.strategy.c_str(), kStrategyNames);
    return kExitBadInput;
  }
  if (options.max_seeds == 0) {
    std::fprintf(stderr, "grovesim hunt: --max-seeds must be at least 1\n");
    return kExitBadInput;
  }
  if (!options.scenario.empty() && !scenarios::load_scenario(options.scenario).ok()) {
    std::fprintf(stderr, "grovesim: %s\n", scenarios::load_scenario(options.scenario).error.c_str());
    return kExitBadInput;
  }
  if (options.preemption_bound < 0 || options.preemption_bound > 16) {
    std::fprintf(stderr, "grovesim: --preemption-bound %d: expected 0 to 16\n", options.preemption_bound);
    return kExitBadInput;
  }
  if (options.fault_bound >= 0) {  // its range (0 to 16) is checked when the flag is parsed
    if (options.scenario.empty()) {
      std::fprintf(stderr, "grovesim hunt: --fault-bound needs --scenario (a small scope with step "
                           "faults, such as vkv-small)\n");
      return kExitBadInput;
    }
    scenarios::Scenario scope = *scenarios::load_scenario(options.scenario).scenario;
    if (!apply_fault_bound(scope, options.fault_bound)) return kExitBadInput;
  }
  const std::size_t jobs =
      options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());

  if (!options.json) {
    std::printf("%-4s %-16s %-15s %-5s %6s %8s  %s\n", "bug", "family", "scenario", "found",
                "seeds", "wall_s", "checker");
  }
  std::vector<HuntRow> rows;
  for (const BugInfo* bug : bugs) {
    rows.push_back(hunt(*bug, options, jobs));
    if (!options.json) print_row(rows.back());
  }
  bool all_expected = true;
  for (const HuntRow& row : rows) all_expected = all_expected && row.as_expected();
  if (options.json) {
    json out = json::array();
    for (const HuntRow& row : rows) out.push_back(row_json(row));
    std::cout << json{{"bugs", out},
                      {"max_seeds", options.max_seeds},
                      {"jobs", jobs},
                      {"strategy", options.strategy}}
                     .dump(2)
              << "\n";
  } else {
    print_summary(rows);
  }
  return all_expected ? kExitOk : kExitFailed;
}

}  // namespace grove::cli
