// `grovesim shrink FILE`: a smaller scenario that still fails the same way, as a replay file.
#pragma once

#include <cstddef>
#include <string>

namespace grove::cli {

struct ShrinkOptions {
  std::string replay_path;
  std::string out_path;  // default: FILE with .replay.json replaced by .shrunk.replay.json
  std::size_t max_runs = 300;
  bool json = false;
  std::uint64_t check_budget = 0;  // for every candidate run; 0: the file's scenario's
};

// Exit codes: 1 a smaller (or the same) failing replay file was written, 0 the file's run
// passes (nothing to shrink), 3 the file's run is inconclusive (nothing to shrink), 2 bad
// input.
int run_shrink(const ShrinkOptions& options);

}  // namespace grove::cli
