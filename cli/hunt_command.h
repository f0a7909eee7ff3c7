// `grovesim hunt`: runs seeds of a planted bug's scenario until a check finds the bug, and
// reports how many seeds and how much wall time that took and which checker fired. With --all,
// every bug of the catalogue (scenarios/bug_catalog.h), as a table. With --generic, each bug
// in the default scenario of what it lives in (vkv, cachekv, lock, bank: the generic swarms)
// instead of the scenario tuned to find it. This is the harness's own
// benchmark: a regression in its power to find bugs shows up as more seeds or "not found".
//
// Seeds run in forked workers (cli/worker_pool.h) in ascending order; the reported seed is the
// lowest one that found the bug, so the figures do not depend on --jobs. That seed is then run
// once more without the bug: a finding counts ("confirmed") only if it passes, so it is the
// bug's doing and not a false alarm of the harness. An inconclusive seed (no violation, but
// the linearizability check ran out of its budget) is never a pass: it is counted on its own,
// it does not confirm a finding, and it keeps a negative control from counting as clean.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grove::cli {

struct HuntOptions {
  std::vector<std::string> bugs;  // bug ids; each is hunted on its own
  bool all = false;               // every bug of the catalogue, L6 included
  std::string scenario;           // overrides each bug's expected scenario
  bool generic = false;           // each bug in its app's default scenario (generic_scenario)
  std::uint64_t first_seed = 1;
  std::uint64_t max_seeds = 2000;
  std::size_t jobs = 0;           // 0: one per CPU
  double seed_timeout_s = 120;
  bool json = false;
  std::uint64_t check_budget = 0;  // search steps of each seed's check; 0: the scenario's
  // random: seed after seed; pct or guided: runs of `grovesim explore`'s strategy, counted
  // the same way (cli/explorer.h).
  std::string strategy = "random";
  int pct_depth = 3;
  int preemption_bound = 2;  // dfs, as `grovesim explore`
  int fault_bound = -1;      // step faults per run (needs --scenario with step faults); -1: its own
};

// Exit codes: 0 every bug came out as expected (found; the negative control not flagged),
// 1 otherwise, 2 bad input.
int run_hunt(const HuntOptions& options);

}  // namespace grove::cli
