// What every fuzz target asserts beyond "no crash, no sanitizer report, no exception": a
// rejected input comes with an error message of exactly one non-empty line (callers print it
// and exit 2). Stricter than LoadError::to_string(), which flattens line breaks: a line break
// in a message means input bytes were echoed raw.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

#include "traces/history.h"

namespace grove::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// Aborts (a crash to libFuzzer, which keeps the input) unless `message` is one line.
inline void check_error_message(const std::string& message) {
  if (message.empty() || message.find('\n') != std::string::npos) {
    std::fprintf(stderr, "bad error message: \"%s\"\n", message.c_str());
    std::abort();
  }
}

inline void check_history_result(const traces::HistoryResult& result) {
  if (!result.ok()) check_error_message(result.error.message);
}

}  // namespace grove::fuzz
