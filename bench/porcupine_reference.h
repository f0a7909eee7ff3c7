// Porcupine's own timings of its conformance files, the figure each grovesim timing is held
// against (issue 14: at least 2x faster per file, parsing included, and 10x on the whole set).
// Measured with Porcupine's own benchmarks (Go 1.19 from Debian 12, parsing excluded), on a
// quiet 2-core machine, interleaved with checker_bench in one run. Files not listed had no
// separate figure.
#pragma once

#include <string_view>

namespace grove::bench {

struct PorcupineReference {
  std::string_view file;  // as checker_bench names it: "kv/c50-ok.txt", "jepsen/etcd_002.log"
  double ms;
};

inline constexpr PorcupineReference kPorcupineReference[] = {
    {"kv/c50-ok.txt", 219},        {"kv/c50-bad.txt", 27.6},      {"kv/c10-ok.txt", 0.68},
    {"kv/c10-bad.txt", 0.58},      {"kv/c01-bad.txt", 0.065},     {"kv/c01-ok.txt", 0.138},
    {"jepsen/etcd_002.log", 246},  {"jepsen/etcd_007.log", 159},
};
inline constexpr double kPorcupineWholeSetMs = 865;  // all 108 files

inline double porcupine_ms(std::string_view file) {
  for (const PorcupineReference& reference : kPorcupineReference) {
    if (reference.file == file) return reference.ms;
  }
  return 0;
}

}  // namespace grove::bench
