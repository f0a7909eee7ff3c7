#include "traces/edn_reader.h"

#include <array>
#include <charconv>
#include <string_view>

namespace grove::traces {

const EdnValue* EdnValue::find(std::string_view keyword) const {
  if (kind != Kind::kMap) return nullptr;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].is_keyword(keyword)) return &items[i + 1];
  }
  return nullptr;
}

bool EdnReader::fail(std::string message) {
  if (!failed_) {
    failed_ = true;
    error_ = std::move(message);
    error_line_ = line_;
  }
  return false;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ','; }

// One table lookup per byte: the tokenizer asks this for every byte of a history.
constexpr std::array<bool, 256> kDelimiters = [] {
  std::array<bool, 256> table{};
  for (const unsigned char c : std::string_view(" \t\r\n,()[]{}\";")) table[c] = true;
  return table;
}();

bool is_delimiter(char c) { return kDelimiters[static_cast<unsigned char>(c)]; }

}  // namespace

// Skips spaces, commas and ; comments. False at the end of input.
bool EdnReader::skip_space_and_comments() {
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '\n' || (c == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] != '\n'))) {
      ++line_;  // LF, CRLF (counted at its LF) and CR-only line endings
      ++pos_;
    } else if (is_space(c)) {
      ++pos_;
    } else if (c == ';') {
      // A comment runs to the end of its line, whichever line ending the file uses.
      while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
    } else {
      return true;
    }
  }
  return false;
}

std::optional<EdnValue> EdnReader::next() {
  if (failed_) return std::nullopt;
  if (!skip_space_and_comments()) return std::nullopt;
  EdnValue value;
  if (!read_value(&value, 0)) return std::nullopt;
  return value;
}

bool EdnReader::read_value(EdnValue* out, std::size_t depth) {
  if (depth >= kMaxDepth) return fail("nesting too deep");
  while (true) {
    if (!skip_space_and_comments()) return fail("unexpected end of input, expected a value");
    out->line = line_;
    const char c = text_[pos_];
    if (c == '#') {
      if (pos_ + 1 >= text_.size()) return fail("unexpected end of input after '#'");
      const char d = text_[pos_ + 1];
      if (d == '_') {  // discard the next value
        pos_ += 2;
        EdnValue discarded;
        if (!read_value(&discarded, depth + 1)) return false;
        continue;
      }
      if (d == '{') {
        pos_ += 2;
        out->kind = EdnValue::Kind::kSet;
        return read_collection(out, '}', depth);
      }
      // A tagged value: #tag value. Keep the tag, read the value.
      ++pos_;
      const std::size_t start = pos_;
      while (pos_ < text_.size() && !is_delimiter(text_[pos_])) ++pos_;
      if (pos_ == start) return fail("empty tag after '#'");
      std::string tag(text_.substr(start, pos_ - start));
      if (tag[0] == '#') {  // ##Inf, ##NaN: a symbolic number, not a tag
        out->kind = EdnValue::Kind::kFloat;
        out->text = "#" + tag;
        return true;
      }
      if (!read_value(out, depth + 1)) return false;
      out->tag = std::move(tag);
      return true;
    }
    switch (c) {
      case '(':
        ++pos_;
        out->kind = EdnValue::Kind::kList;
        return read_collection(out, ')', depth);
      case '[':
        ++pos_;
        out->kind = EdnValue::Kind::kVector;
        return read_collection(out, ']', depth);
      case '{':
        ++pos_;
        out->kind = EdnValue::Kind::kMap;
        if (!read_collection(out, '}', depth)) return false;
        if (out->items.size() % 2 != 0) return fail("map with an odd number of forms");
        return true;
      case ')':
      case ']':
      case '}': return fail(std::string("unexpected '") + c + "'");
      case '"': return read_string(out);
      default: return read_token(out);
    }
  }
}

bool EdnReader::read_collection(EdnValue* out, char close, std::size_t depth) {
  // Room for a typical history map ({:process :type :f :key :value ...}, 10-12 forms) at once:
  // growing one element at a time moved every EdnValue 4 times (a fifth of a small check).
  out->items.reserve(12);
  while (true) {
    if (!skip_space_and_comments()) {
      return fail(std::string("unexpected end of input, expected '") + close + "'");
    }
    if (text_[pos_] == close) {
      ++pos_;
      return true;
    }
    // A discard right before the closing bracket leaves nothing to add.
    if (text_[pos_] == '#' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '_') {
      pos_ += 2;
      EdnValue discarded;
      if (!read_value(&discarded, depth + 1)) return false;
      continue;
    }
    out->items.emplace_back();
    if (!read_value(&out->items.back(), depth + 1)) return false;
  }
}

bool EdnReader::read_string(EdnValue* out) {
  out->kind = EdnValue::Kind::kString;
  ++pos_;  // opening quote
  while (pos_ < text_.size()) {
    const char c = text_[pos_++];
    if (c == '"') return true;
    if (c == '\n') ++line_;
    if (c != '\\') {
      out->text += c;
      continue;
    }
    if (pos_ >= text_.size()) break;
    const char e = text_[pos_++];
    switch (e) {
      case 'n': out->text += '\n'; break;
      case 't': out->text += '\t'; break;
      case 'r': out->text += '\r'; break;
      case '"': out->text += '"'; break;
      case '\\': out->text += '\\'; break;
      default: out->text += e;  // \uXXXX and others kept literally enough for comparison
    }
  }
  return fail("unterminated string");
}

bool EdnReader::read_token(EdnValue* out) {
  const std::size_t start = pos_;
  if (text_[pos_] == '\\') {  // a character literal: \a, \newline, ...
    ++pos_;
    while (pos_ < text_.size() && !is_delimiter(text_[pos_])) ++pos_;
    out->kind = EdnValue::Kind::kCharacter;
    out->text = std::string(text_.substr(start + 1, pos_ - start - 1));
    return true;
  }
  while (pos_ < text_.size() && !is_delimiter(text_[pos_])) ++pos_;
  const std::string_view token = text_.substr(start, pos_ - start);
  if (token.empty()) return fail("unexpected character");
  if (token == "nil") {
    out->kind = EdnValue::Kind::kNil;
    return true;
  }
  if (token == "true" || token == "false") {
    out->kind = EdnValue::Kind::kBool;
    out->integer = token == "true" ? 1 : 0;
    return true;
  }
  if (token[0] == ':') {
    if (token.size() == 1) return fail("empty keyword");
    out->kind = EdnValue::Kind::kKeyword;
    out->text = std::string(token.substr(1));
    return true;
  }
  const bool numeric = (token[0] >= '0' && token[0] <= '9') ||
                       ((token[0] == '-' || token[0] == '+') && token.size() > 1 &&
                        token[1] >= '0' && token[1] <= '9');
  if (!numeric) {
    out->kind = EdnValue::Kind::kSymbol;
    out->text = std::string(token);
    return true;
  }
  std::string_view digits = token;
  if (digits.back() == 'N') digits.remove_suffix(1);  // bigint suffix
  if (digits[0] == '+') digits.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  out->text = std::string(token);
  if (error == std::errc() && end == digits.data() + digits.size()) {
    out->kind = EdnValue::Kind::kInteger;
    out->integer = value;
    out->text = std::string(digits);
  } else {
    out->kind = EdnValue::Kind::kFloat;  // floats, ratios, overflowing integers: text only
  }
  return true;
}

}  // namespace grove::traces
