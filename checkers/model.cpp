#include "checkers/model.h"

#include <cstdio>

namespace grove::checkers {

bool op_name_is(std::string_view name, std::initializer_list<std::string_view> aliases) {
  for (const std::string_view alias : aliases) {
    if (name == alias) return true;
  }
  return false;
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c >= 0x7f) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
      out += buffer;
    } else {
      out += ch;
    }
  }
  out += '"';
  return out;
}

}  // namespace grove::checkers
