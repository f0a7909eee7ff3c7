// `grovesim bugs`: the planted-bug catalogue (protocol.md §8.2), one line per flag: what it
// breaks, the scenario expected to find it and the checker expected to fire.
#pragma once

namespace grove::cli {

struct BugsOptions {
  bool json = false;
};

int run_bugs(const BugsOptions& options);

}  // namespace grove::cli
