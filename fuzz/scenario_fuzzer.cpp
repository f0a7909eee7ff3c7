// libFuzzer target: scenario files (parse_scenario), strict JSON with every key checked.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_check.h"
#include "scenarios/scenario_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const grove::scenarios::ScenarioLoad load =
      grove::scenarios::parse_scenario(grove::fuzz::as_text(data, size), "fuzz.json");
  if (!load.ok()) grove::fuzz::check_error_message(load.error);
  return 0;
}
