#include "cli/bugs_command.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli/run_support.h"
#include "scenarios/bug_catalog.h"

namespace grove::cli {

int run_bugs(const BugsOptions& options) {
  using nlohmann::json;
  const auto& catalog = scenarios::bug_catalog();
  if (options.json) {
    json bugs = json::array();
    for (const scenarios::BugInfo& bug : catalog) {
      bugs.push_back({{"bug", bug.id},
                      {"flag", bug.flag.has_value()},
                      {"family", bug.family},
                      {"breaks", bug.breaks},
                      {"scenario", bug.scenario},
                      {"checker", bug.checker},
                      {"negative_control", bug.negative_control},
                      {"liveness_only", bug.liveness_only}});
    }
    std::cout << json{{"bugs", bugs}}.dump(2) << "\n";
    return kExitOk;
  }
  std::printf("%-4s %-16s %-15s %-50s %s\n", "bug", "family", "scenario", "expected checker",
              "what it breaks");
  for (const scenarios::BugInfo& bug : catalog) {
    std::string breaks(bug.breaks);
    if (!bug.flag) breaks = "(scenario, no flag) " + breaks;
    std::printf("%-4.*s %-16.*s %-15.*s %-50.*s %s\n", static_cast<int>(bug.id.size()),
                bug.id.data(), static_cast<int>(bug.family.size()), bug.family.data(),
                static_cast<int>(bug.scenario.size()), bug.scenario.data(),
                static_cast<int>(bug.checker.size()), bug.checker.data(), breaks.c_str());
  }
  std::printf("\nPlant one with --bug NAME on run, campaign or replay (repeatable); "
              "`grovesim hunt --bug NAME` measures how fast a campaign finds it.\n");
  return kExitOk;
}

}  // namespace grove::cli
