// `grovesim scenarios`: the built-in scenarios, one line each (or one file in full).
#include <cstdio>
#include <iostream>

#include "cli/run_support.h"
#include "cli/scenarios_command.h"
#include "scenarios/scenario_json.h"

namespace grove::cli {

int run_scenarios(const ScenariosOptions& options) {
  if (!options.show.empty()) {
    for (const auto& builtin : scenarios::builtin_scenarios()) {
      if (builtin.name == options.show) {
        std::cout << builtin.json;
        return kExitOk;
      }
    }
    std::fprintf(stderr, "grovesim: scenarios --show %s: no such built-in scenario\n",
                 options.show.c_str());
    return kExitBadInput;
  }
  for (const auto& builtin : scenarios::builtin_scenarios()) {
    scenarios::ScenarioLoad load = scenarios::parse_scenario(builtin.json, "builtin:" + builtin.name);
    const std::string description = load.ok() ? load.scenario->description : load.error;
    std::printf("%-16s %s\n", builtin.name.c_str(), description.c_str());
  }
  return kExitOk;
}

}  // namespace grove::cli
