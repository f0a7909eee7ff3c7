// Parses a whole JSON document (scenario and replay files) so that no input can crash the
// tool: syntax errors, numbers that do not fit a double or a 64-bit integer, and nesting deeper
// than kMaxJsonDepth all come back as one-line errors with the line and column, never as an
// uncaught exception or a stack overflow (nlohmann's parser, and the destructor of what it
// builds, recurse once per level).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace grove::traces {

inline constexpr std::size_t kMaxJsonDepth = 128;

struct JsonDocument {
  std::optional<nlohmann::json> value;
  std::string error;  // "line L, column C: what" (or "what" when no position is known)
};

JsonDocument parse_json_document(std::string_view text);

// "line L, column C" of a byte offset.
std::string json_position(std::string_view text, std::size_t offset);

}  // namespace grove::traces
