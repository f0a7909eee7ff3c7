#include "traces/json_reader.h"

#include <charconv>
#include <cstdio>

namespace grove::traces {
namespace {

// A byte of the input as an error message shows it: 'c' if printable ASCII, else its code, so
// the message stays on one line whatever the input holds (a raw line break split it in two).
std::string shown(char c) {
  if (c >= 0x20 && c < 0x7f) return std::string("'") + c + "'";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "byte 0x%02x", static_cast<unsigned char>(c));
  return buffer;
}

}  // namespace

bool JsonReader::fail(std::string message) {
  if (!failed_) {
    failed_ = true;
    error_ = std::move(message);
    error_line_ = line_;
  }
  return false;
}

void JsonReader::skip_space() {
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '\n') {
      ++line_;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      return;
    }
    ++pos_;
  }
}

char JsonReader::peek() {
  if (failed_) return '\0';
  skip_space();
  return pos_ < text_.size() ? text_[pos_] : '\0';
}

bool JsonReader::at_end() {
  skip_space();
  return pos_ >= text_.size();
}

bool JsonReader::expect(char c, const char* what) {
  if (failed_) return false;
  skip_space();
  if (pos_ >= text_.size()) return fail(std::string("unexpected end of input, expected ") + what);
  if (text_[pos_] != c) {
    return fail(std::string("expected ") + what + ", found " + shown(text_[pos_]));
  }
  ++pos_;
  return true;
}

bool JsonReader::begin_object() {
  if (first_.size() >= kMaxDepth) return fail("nesting too deep");
  if (!expect('{', "'{'")) return false;
  first_.push_back(true);
  return true;
}

bool JsonReader::next_member(std::string* key) {
  if (failed_ || first_.empty()) return false;
  skip_space();
  if (pos_ < text_.size() && text_[pos_] == '}') {
    ++pos_;
    first_.pop_back();
    return false;
  }
  if (!first_.back() && !expect(',', "',' or '}'")) return false;
  first_.back() = false;
  if (!read_string(key)) return false;
  return expect(':', "':'");
}

bool JsonReader::begin_array() {
  if (first_.size() >= kMaxDepth) return fail("nesting too deep");
  if (!expect('[', "'['")) return false;
  first_.push_back(true);
  return true;
}

bool JsonReader::next_element() {
  if (failed_ || first_.empty()) return false;
  skip_space();
  if (pos_ < text_.size() && text_[pos_] == ']') {
    ++pos_;
    first_.pop_back();
    return false;
  }
  if (!first_.back() && !expect(',', "',' or ']'")) return false;
  first_.back() = false;
  return true;
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}

}  // namespace

bool JsonReader::read_string(std::string* out) {
  if (!expect('"', "a string")) return false;
  out->clear();
  while (true) {
    // Copy the run of plain bytes in one go: most strings have no escapes.
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\\' &&
           text_[pos_] != '\n') {
      ++pos_;
    }
    out->append(text_.data() + start, pos_ - start);
    if (pos_ >= text_.size()) return fail("unterminated string");
    const char c = text_[pos_++];
    if (c == '"') return true;
    if (c == '\n') {
      --pos_;
      return fail("newline inside a string");
    }
    if (pos_ >= text_.size()) return fail("unterminated escape");
    const char e = text_[pos_++];
    switch (e) {
      case '"': *out += '"'; break;
      case '\\': *out += '\\'; break;
      case '/': *out += '/'; break;
      case 'b': *out += '\b'; break;
      case 'f': *out += '\f'; break;
      case 'n': *out += '\n'; break;
      case 'r': *out += '\r'; break;
      case 't': *out += '\t'; break;
      case 'u': {
        if (pos_ + 4 > text_.size()) return fail("short \\u escape");
        std::uint32_t code = 0;
        for (int i = 0; i < 4; ++i) {
          const int digit = hex_digit(text_[pos_ + i]);
          if (digit < 0) return fail("bad \\u escape");
          code = code * 16 + static_cast<std::uint32_t>(digit);
        }
        pos_ += 4;
        if (code <= 0xff) {
          *out += static_cast<char>(code);  // a byte (see the header)
        } else {
          append_utf8(*out, code);  // surrogates are kept as their own code units
        }
        break;
      }
      default: return fail("bad escape: '\\' followed by " + shown(e));
    }
  }
}

bool JsonReader::read_number_text(std::string_view* out) {
  if (failed_) return false;
  skip_space();
  const std::size_t start = pos_;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
      ++pos_;
    } else {
      break;
    }
  }
  if (pos_ == start) {
    if (pos_ >= text_.size()) return fail("unexpected end of input, expected a number");
    return fail("expected a number, found " + shown(text_[pos_]));
  }
  *out = text_.substr(start, pos_ - start);
  return true;
}

bool JsonReader::read_int(std::int64_t* out) {
  std::string_view digits;
  if (!read_number_text(&digits)) return false;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), *out);
  if (error != std::errc() || end != digits.data() + digits.size()) {
    return fail("expected an integer, found '" + std::string(digits) + "'");
  }
  return true;
}

bool JsonReader::read_uint(std::uint64_t* out) {
  std::string_view digits;
  if (!read_number_text(&digits)) return false;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), *out);
  if (error != std::errc() || end != digits.data() + digits.size()) {
    return fail("expected an unsigned integer, found '" + std::string(digits) + "'");
  }
  return true;
}

bool JsonReader::read_bool(bool* out) {
  if (failed_) return false;
  skip_space();
  if (text_.substr(pos_, 4) == "true") {
    pos_ += 4;
    *out = true;
    return true;
  }
  if (text_.substr(pos_, 5) == "false") {
    pos_ += 5;
    *out = false;
    return true;
  }
  return fail("expected true or false");
}

bool JsonReader::try_null() {
  if (failed_) return false;
  skip_space();
  if (text_.substr(pos_, 4) == "null") {
    pos_ += 4;
    return true;
  }
  return false;
}

bool JsonReader::skip_value() { return skip_value_at(first_.size()); }

bool JsonReader::skip_value_at(std::size_t depth) {
  if (depth >= kMaxDepth) return fail("nesting too deep");
  const char c = peek();
  if (failed_) return false;
  std::string scratch;
  switch (c) {
    case '{':
      if (!begin_object()) return false;
      while (next_member(&scratch)) {
        if (!skip_value_at(depth + 1)) return false;
      }
      return !failed_;
    case '[':
      if (!begin_array()) return false;
      while (next_element()) {
        if (!skip_value_at(depth + 1)) return false;
      }
      return !failed_;
    case '"': return read_string(&scratch);
    case 't':
    case 'f': {
      bool flag = false;
      return read_bool(&flag);
    }
    case 'n':
      if (try_null()) return true;
      return fail("expected null");
    case '\0': return fail("unexpected end of input, expected a value");
    default: {
      std::string_view digits;
      return read_number_text(&digits);
    }
  }
}

void append_json_string(std::string& out, std::string_view bytes) {
  out += '"';
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

std::string quoted_for_message(std::string_view bytes) {
  constexpr std::size_t kShownBytes = 64;
  std::string out;
  append_json_string(out, bytes.substr(0, kShownBytes));
  if (bytes.size() > kShownBytes) out += "...";
  return out;
}

}  // namespace grove::traces
