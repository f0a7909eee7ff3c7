// `grovesim run`: simulate one seed of a scenario, run every checker, report.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grove::cli {

struct RunOptions {
  std::string scenario = "vkv";
  std::uint64_t seed = 1;
  std::vector<std::string> bugs;
  std::string trace_path;    // JSON lines of every trace event
  std::string history_path;  // grovesim history JSON
  std::string report_path;   // HTML report
  std::string replay_path;   // write a replay file of this run
  bool check_determinism = false;
  bool fail_fast = false;  // stop at the first protocol violation
  bool record_choices = false;  // the replay file carries the run's choice list
  bool json = false;
  std::uint64_t check_budget = 0;  // search steps of the linearizability check; 0: the scenario's
};

// Exit codes: 0 all checks pass, 1 a check failed (or the run is not deterministic), 2 bad
// input, 3 inconclusive (no violation, but the linearizability check ran out of its budget).
int run_run(const RunOptions& options);

}  // namespace grove::cli
