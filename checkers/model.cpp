#include "checkers/model.h"

#include <cstdio>

namespace grove::checkers {

ValueId ValueTable::intern(std::string_view text) {
  const auto found = ids_.find(text);
  if (found != ids_.end()) return found->second;
  return intern_owned(std::string(text));
}

ValueId ValueTable::intern_owned(std::string&& text) {
  const auto found = ids_.find(std::string_view(text));
  if (found != ids_.end()) return found->second;
  const auto id = static_cast<ValueId>(texts_.size());
  bytes_ += text.size() + 96;
  texts_.push_back(std::move(text));
  ids_.emplace(std::string_view(texts_.back()), id);
  return id;
}

ValueId ValueTable::concat(ValueId left, ValueId right) {
  if (right == 0) return left;
  const std::uint64_t memo_key = (std::uint64_t{left} << 32) | right;
  const auto found = concat_.find(memo_key);
  if (found != concat_.end()) return found->second;
  std::string joined = texts_[left];
  joined += texts_[right];
  const ValueId id = intern_owned(std::move(joined));
  concat_.emplace(memo_key, id);
  bytes_ += 32;
  return id;
}

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
