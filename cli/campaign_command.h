// `grovesim campaign`: many seeds of a scenario in worker processes, with a progress bar, a
// replay file per failing or inconclusive seed and a summary. `grovesim merge` combines shard
// summaries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grove::cli {

struct CampaignOptions {
  std::string scenario = "vkv";
  std::string seeds = "1..100";  // A..B, inclusive
  std::size_t jobs = 1;
  std::string shard;  // I/N: only seeds with (seed - A) % N == I
  std::vector<std::string> bugs;
  std::string out_dir = "grovesim-out";
  std::size_t max_failures = 0;  // 0: no limit
  double seed_timeout_s = 120;
  bool json = false;
  bool fail_fast = false;  // stop each seed at its first protocol violation
  bool force = false;      // replace the results of an earlier campaign in out_dir
  std::uint64_t check_budget = 0;  // search steps of each seed's check; 0: the scenario's
};

// Exit codes: 0 every seed passed, 1 some seed failed, 3 no seed failed but some were
// inconclusive (their check ran out of its budget), 2 bad input.
int run_campaign(const CampaignOptions& options);

struct MergeOptions {
  std::vector<std::string> dirs;
  bool json = false;
};
// Exit codes as for run_campaign, over the merged counts.
int run_merge(const MergeOptions& options);

}  // namespace grove::cli
