// libFuzzer target: replay files, then the scenario embedded in a replay that parses — the two
// steps of `grovesim replay` (cli/run_support.cpp).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_check.h"
#include "scenarios/scenario_json.h"
#include "traces/replay_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(grove::fuzz::as_text(data, size));
  const grove::traces::ReplayLoad load = grove::traces::parse_replay_file(text, "fuzz.replay.json");
  if (!load.replay) {
    grove::fuzz::check_error_message(load.error);
    return 0;
  }
  const grove::scenarios::ScenarioLoad scenario =
      grove::scenarios::parse_scenario(load.replay->scenario_json, "fuzz.replay.json (scenario)");
  if (!scenario.ok()) grove::fuzz::check_error_message(scenario.error);
  return 0;
}
