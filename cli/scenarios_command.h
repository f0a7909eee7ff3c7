// `grovesim scenarios [--show NAME]`.
#pragma once

#include <string>

namespace grove::cli {

struct ScenariosOptions {
  std::string show;  // print this built-in scenario's file
};

int run_scenarios(const ScenariosOptions& options);

}  // namespace grove::cli
