// libFuzzer target: ghost events from a trace JSONL file (parse_ghost_jsonl).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_check.h"
#include "traces/ghost_jsonl.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const grove::traces::GhostLoadResult result =
      grove::traces::parse_ghost_jsonl(grove::fuzz::as_text(data, size));
  if (!result.ok()) grove::fuzz::check_error_message(result.error.message);
  return 0;
}
