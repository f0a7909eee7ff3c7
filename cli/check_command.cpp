#include "cli/check_command.h"

#include <cstdio>

namespace grove::cli {

int run_check(const CheckOptions& options) {
  std::fprintf(stderr, "grovesim check: %s: the checker is not built yet\n",
               options.history_path.c_str());
  return 2;
}

}  // namespace grove::cli
