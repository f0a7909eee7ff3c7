#include "cli/run_command.h"

#include <cstdio>

namespace grove::cli {

int run_run(const RunOptions& options) {
  std::fprintf(stderr, "grovesim run: scenario '%s': not built yet\n", options.scenario.c_str());
  return 2;
}

}  // namespace grove::cli
