#include "traces/edn_text.h"

namespace grove::traces {

namespace {

void append_edn(std::string& out, const EdnValue& value);

// A string literal that reads back as `text` (a set's "a\"b" element must stay one element).
void append_string(std::string& out, const std::string& text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  out += '"';
}

void append_items(std::string& out, const EdnValue& value, const char* open, char close) {
  out += open;
  for (std::size_t i = 0; i < value.items.size(); ++i) {
    if (i > 0) out += ' ';
    append_edn(out, value.items[i]);
  }
  out += close;
}

void append_edn(std::string& out, const EdnValue& value) {
  using Kind = EdnValue::Kind;
  switch (value.kind) {
    case Kind::kNil: out += "nil"; break;
    case Kind::kBool: out += value.integer != 0 ? "true" : "false"; break;
    case Kind::kString: append_string(out, value.text); break;
    case Kind::kKeyword: out += ':' + value.text; break;
    case Kind::kCharacter: out += '\\' + value.text; break;
    case Kind::kInteger:
    case Kind::kFloat:
    case Kind::kSymbol: out += value.text; break;
    case Kind::kList: append_items(out, value, "(", ')'); break;
    case Kind::kVector: append_items(out, value, "[", ']'); break;
    case Kind::kMap: append_items(out, value, "{", '}'); break;
    case Kind::kSet: append_items(out, value, "#{", '}'); break;
  }
}

}  // namespace

std::string edn_text(const EdnValue& value) {
  std::string out;
  append_edn(out, value);
  return out;
}

std::string edn_history_value(const EdnValue& value) {
  using Kind = EdnValue::Kind;
  switch (value.kind) {
    case Kind::kNil: return "";
    case Kind::kString:
    case Kind::kInteger:
    case Kind::kFloat:
    case Kind::kSymbol: return value.text;
    default: return edn_text(value);
  }
}

}  // namespace grove::traces
