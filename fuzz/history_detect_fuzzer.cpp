// libFuzzer target: format detection, then whichever parser it picks (what `grovesim check`
// does without --format).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_check.h"
#include "traces/history_format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  grove::fuzz::check_history_result(
      grove::traces::parse_history(grove::fuzz::as_text(data, size), std::nullopt));
  return 0;
}
