// libFuzzer target: Porcupine's kv logs (one EDN map per line).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_check.h"
#include "traces/history_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  grove::fuzz::check_history_result(
      grove::traces::parse_porcupine_kv_log(grove::fuzz::as_text(data, size)));
  return 0;
}
