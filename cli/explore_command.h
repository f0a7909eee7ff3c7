// `grovesim explore`: search a scenario's choice space with a strategy (random, pct, guided, dfs;
// cli/explorer.h) for a budget of runs; failing runs become replay files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grove::cli {

struct ExploreOptions {
  std::string scenario = "vkv";
  std::string strategy = "guided";
  std::uint64_t budget = 200;
  std::uint64_t first_seed = 1;
  std::vector<std::string> bugs;
  std::size_t jobs = 1;
  std::string out_dir = "grovesim-explore";
  int pct_depth = 3;
  int preemption_bound = 2;
  int fault_bound = -1;  // step faults per run (faults.step_faults.max_faults); -1: the scenario's
  std::uint64_t pct_steps = 0;
  double run_timeout_s = 120;
  bool json = false;
  bool fail_fast = false;
  bool force = false;  // replace an earlier search's replay files in out_dir
  std::size_t max_failures = 0;  // stop after this many failing runs (0: never)
  std::uint64_t check_budget = 0;
};

// Exit codes: 0 every run passed, 1 some run failed, 3 none failed but some were
// inconclusive, 2 bad input.
int run_explore(const ExploreOptions& options);

}  // namespace grove::cli
