// libFuzzer target: Jepsen EDN histories (the whole EDN reader: nesting, tags, discards).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_check.h"
#include "traces/history_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  grove::fuzz::check_history_result(
      grove::traces::parse_jepsen_edn(grove::fuzz::as_text(data, size)));
  return 0;
}
