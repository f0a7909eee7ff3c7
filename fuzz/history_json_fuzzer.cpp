// libFuzzer target: grovesim's own history JSON (parse_history_json).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_check.h"
#include "traces/history_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  grove::fuzz::check_history_result(
      grove::traces::parse_history_json(grove::fuzz::as_text(data, size)));
  return 0;
}
