// `grovesim replay FILE`: re-run a replay file bit for bit and say whether it still fails.
#pragma once

#include <string>
#include <vector>

namespace grove::cli {

struct ReplayOptions {
  std::string replay_path;
  std::vector<std::string> bugs;  // replaces the file's flags when given
  bool override_bugs = false;
  std::string trace_path;
  std::string history_path;
  std::string report_path;
  bool json = false;
  std::uint64_t check_budget = 0;  // overrides the file's scenario; 0: keep it
  double timeout_s = 0;            // wall-time limit of the replay; 0: none
};

// Exit codes: 1 the failure reproduces, 0 the run now passes, 3 the run is inconclusive (the
// linearizability check ran out of its budget, no violation), 4 the trace diverged from the
// recorded hash (the code or the binary changed), 5 --timeout ran out, 2 bad input. The check budget does not
// change the trace: a seed replayed with a larger --check-budget has the same hash.
int run_replay(const ReplayOptions& options);

inline constexpr int kExitDiverged = 4;

}  // namespace grove::cli
