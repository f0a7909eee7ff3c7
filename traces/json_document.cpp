#include "traces/json_document.h"

#include "traces/utf8.h"

namespace grove::traces {

namespace {

using nlohmann::json;

// The first `max_depth + 1` levels deep opening bracket, found before parsing: the depth check
// must come before nlohmann's recursive parse, which overflows the stack on deep input.
std::optional<std::size_t> too_deep_at(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

std::string without_prefix(const std::string& message) {
  const std::size_t cut = message.find("] ");  // drop nlohmann's "[json.exception.x.y] "
  return cut == std::string::npos ? message : message.substr(cut + 2);
}

// nlohmann's message, at most 80 bytes (it quotes the offending input).
std::string shortened_message(const std::string& text) { return shortened(text, 80); }

}  // namespace

std::string json_position(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

JsonDocument parse_json_document(std::string_view text) {
  JsonDocument document;
  if (const auto deep = too_deep_at(text, kMaxJsonDepth)) {
    document.error = json_position(text, *deep) + ": nested deeper than " +
                     std::to_string(kMaxJsonDepth) + " levels";
    return document;
  }
  try {
    document.value = json::parse(text);
  } catch (const json::parse_error& error) {
    std::string message = error.what();
    const std::size_t cut = message.find("]: ");
    message = cut == std::string::npos ? without_prefix(message) : message.substr(cut + 3);
    document.error = json_position(text, error.byte == 0 ? 0 : error.byte - 1) +
                     ": invalid JSON: " + shortened_message(message);
  } catch (const json::exception& error) {
    // A number that does not fit ("number overflow parsing '1e999'"): no byte offset is
    // given, so point at the first occurrence of the token.
    std::string message = without_prefix(error.what());
    const std::size_t open = message.find('\'');
    const std::size_t close = open == std::string::npos ? open : message.find('\'', open + 1);
    std::string where;
    if (close != std::string::npos) {
      const std::size_t at = text.find(message.substr(open + 1, close - open - 1));
      if (at != std::string_view::npos) where = json_position(text, at) + ": ";
    }
    document.error = where + "invalid JSON: " + shortened_message(message);
  }
  return document;
}

}  // namespace grove::traces
