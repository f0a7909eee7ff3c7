// The search behind `grovesim explore` and `hunt --strategy`: runs a scenario many times under
// a strategy and reports each run, in a fixed order, to the caller.
//
//   random  - seed after seed (first_seed, first_seed + 1, ...), as a campaign does;
//   pct     - the same seeds, with the scheduler's contended picks following PCT
//             (sim/pct_policy.h) at depth d over k picks, k measured by a calibration run of
//             the first seed unless given;
//   guided  - coverage-guided mutation of the steered choice lists
//             (scenarios/exploration/guided_corpus.h);
//   dfs     - bounded exhaustive search of the safety phase's scheduling and step-fault
//             decisions of one seed (scenarios/exploration/dfs_guide.h), stateless, pruned by
//             the abstract state; it says when the bounded tree is exhausted.
//
// Runs go to forked workers (cli/worker_pool.h) in batches of a fixed size, and each batch's
// results are taken in input order, so what is run and reported does not depend on --jobs.
// A failing run's input (seed, and the choice lists that steered it) is a replay file.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/worker_pool.h"
#include "core/env/bugs.h"
#include "scenarios/exploration/dfs_guide.h"
#include "scenarios/exploration/guided_corpus.h"
#include "scenarios/scenario.h"
#include "sim/pct_policy.h"

namespace grove::cli {

enum class Strategy { kRandom, kPct, kGuided, kDfs };
std::optional<Strategy> parse_strategy(std::string_view name);
const char* strategy_name(Strategy strategy);
inline constexpr const char* kStrategyNames = "random, pct, guided, dfs";

struct ExploreConfig {
  Strategy strategy = Strategy::kRandom;
  std::uint64_t first_seed = 1;
  std::uint64_t budget = 100;   // runs (the calibration run of pct not included)
  std::size_t jobs = 1;
  double run_timeout_s = 120;
  int pct_depth = 3;
  std::uint64_t pct_steps = 0;  // 0: measured by a calibration run
  int preemption_bound = 2;     // dfs: non-default scheduling picks per run
  std::string out_dir;          // failing runs' replay files go to OUT/failures ("" none)
  bool fail_fast = false;
};

// One run as the caller sees it.
struct ExploreRun {
  std::uint64_t index = 0;  // 0-based, in the exploration's order
  scenarios::SteeredInput input;
  scenarios::DfsPrefix dfs_prefix;  // dfs: the run's non-default decisions
  std::string verdict;      // pass | fail | inconclusive | crashed | timed-out
  std::vector<std::pair<std::string, std::string>> violations;  // (checker, rule)
  std::string detail;       // how a worker died
  std::uint64_t events = 0;
  std::size_t new_features = 0;  // guided: features no earlier run reached
  std::string replay_path;       // its replay file, if written
};

struct ExploreSummary {
  std::uint64_t runs = 0;
  std::uint64_t failed = 0;
  std::uint64_t inconclusive = 0;
  std::uint64_t pct_steps = 0;         // k used by pct
  std::size_t corpus = 0;              // guided
  std::size_t features = 0;            // guided: distinct features reached
  bool exhausted = false;              // dfs: every branch of the bounded tree was run
  std::size_t distinct_states = 0;     // dfs: abstract states reached
  std::size_t expanded = 0;            // dfs: branch points whose alternatives were queued
  std::size_t pending = 0;             // dfs: prefixes still queued when the budget ran out
  bool stopped = false;                // the caller stopped it before the budget
  double wall_s = 0;
};

class Explorer {
 public:
  Explorer(scenarios::Scenario scenario, env::BugSet bugs, std::vector<std::string> bug_names,
           ExploreConfig config);

  // Runs the budget, calling `on_run` for each run in order; stops when it returns false.
  ExploreSummary run(const std::function<bool(const ExploreRun&)>& on_run);

  // The verdict of one input under other bug flags (a finding's confirmation), in a worker.
  std::string verdict_of(const ExploreRun& run, const env::BugSet& bugs) const;

 private:
  struct Job {
    scenarios::SteeredInput input;
    std::uint64_t index = 0;
    scenarios::DfsPrefix dfs_prefix;
  };
  ExploreSummary run_dfs(const std::function<bool(const ExploreRun&)>& on_run);
  // A worker's result line as the caller sees it.
  static ExploreRun to_run(const Job& job, const SeedOutcome& outcome);
  std::uint64_t calibrate_pct_steps() const;
  // `write_replay` false: a confirmation run (no replay file; a dfs prefix taken leniently).
  std::string run_job(const Job& job, const env::BugSet& bugs, bool write_replay) const;

  scenarios::Scenario scenario_;
  env::BugSet bugs_;
  std::vector<std::string> bug_names_;
  ExploreConfig config_;
  sim::PctOptions pct_;
};

}  // namespace grove::cli
