// `grovesim run`: simulate one seed of a scenario, run every checker, report.
#pragma once

#include <cstdint>
#include <string>

namespace grove::cli {

struct RunOptions {
  std::string scenario = "smoke";
  std::uint64_t seed = 1;
  bool json = false;
};

// Exit codes: 0 all checks pass, 1 a check failed, 2 bad input.
int run_run(const RunOptions& options);

}  // namespace grove::cli
