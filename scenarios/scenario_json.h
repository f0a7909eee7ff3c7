// Scenario files: strict JSON parsing (unknown keys and bad values are errors naming the file,
// the key and what was expected), serialisation (replay files embed the whole scenario), and
// the built-in scenarios.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/scenario.h"

namespace grove::scenarios {

struct ScenarioLoad {
  std::optional<Scenario> scenario;
  std::string error;  // one line: "FILE: KEY: expected ..., got ..."
  bool ok() const { return scenario.has_value(); }
};

// `source` names the text in error messages (a file name, or "builtin:NAME").
ScenarioLoad parse_scenario(std::string_view text, const std::string& source);

// A built-in scenario by name, else a file by path.
ScenarioLoad load_scenario(const std::string& name_or_path);

// The scenario as JSON text that parse_scenario() reads back to an equal scenario.
std::string scenario_to_json(const Scenario& scenario);

struct BuiltinScenario {
  std::string name;
  std::string_view json;
};
const std::vector<BuiltinScenario>& builtin_scenarios();

}  // namespace grove::scenarios
