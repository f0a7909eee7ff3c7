// The client history: one record per operation, as grovesim runs record it and as the
// importers (Porcupine logs, Jepsen EDN) produce it. Checkers read it; nothing here knows how
// it will be checked.
//
// Values are byte strings. A register that was never written and a key-value key that is
// missing both read as "" (Jepsen's nil maps to "").
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace grove::traces {

// Return time of an operation that never returned (crashed or still pending client).
inline constexpr std::int64_t kNoReturn = std::numeric_limits<std::int64_t>::max();

struct Operation {
  std::uint64_t client = 0;
  std::string name;                 // "read", "write", "cas", "get", "put", "append", "cond-put", ...
  std::string key;                  // "" for a single register
  std::vector<std::string> input;   // arguments after the key: write {v}, cas {expected, new}
  std::optional<std::string> output;  // nullopt: unknown outcome (timeout, crash, Jepsen :info)
  std::int64_t invoke_ns = 0;
  // When the client saw the reply. For an unknown outcome it is when the client gave up (or
  // kNoReturn); checkers treat an unknown op as returning at +infinity either way.
  std::int64_t return_ns = kNoReturn;
  // Unknown outcome only: the op cannot take effect after this time (it may still never take
  // effect). kNoReturn: no such bound, the usual case. grovesim's vKV histories set it from the
  // exactly-once layer (scenarios/vkv_history.h); importers never do.
  std::int64_t effect_deadline_ns = kNoReturn;

  bool outcome_known() const { return output.has_value(); }
};

struct History {
  std::string model;  // model suggested by the source ("" if none): "register", "kv", ...
  std::vector<Operation> operations;
};

// An expected failure to read a file: which line and why. `line` is 1-based, 0 if unknown.
struct LoadError {
  std::string file;
  std::size_t line = 0;
  std::string message;

  // "FILE:LINE: MESSAGE" on one line.
  std::string to_string() const;
};

// A history or the reason it could not be read.
struct HistoryResult {
  std::optional<History> history;
  LoadError error;

  bool ok() const { return history.has_value(); }
  static HistoryResult failure(std::size_t line, std::string message) {
    HistoryResult result;
    result.error.line = line;
    result.error.message = std::move(message);
    return result;
  }
  static HistoryResult success(History history) {
    HistoryResult result;
    result.history = std::move(history);
    return result;
  }
};

}  // namespace grove::traces
