// A small reader for EDN (the Clojure data notation Jepsen and Knossos write histories in):
// nil, booleans, integers, floats (kept as text), strings, characters, keywords, symbols,
// lists, vectors, maps, sets, tagged values (#tag value: the tag is kept, the value read),
// comments (;) and discards (#_). Never throws; nesting is limited so hostile input cannot
// overflow the stack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grove::traces {

struct EdnValue {
  enum class Kind : std::uint8_t {
    kNil, kBool, kInteger, kFloat, kString, kCharacter, kKeyword, kSymbol,
    kList, kVector, kMap, kSet,
  };
  Kind kind = Kind::kNil;
  std::string text;             // string bytes; keyword/symbol name (no ':'); number text
  std::int64_t integer = 0;     // kInteger (and kBool: 0/1)
  std::vector<EdnValue> items;  // list/vector/set elements; map: key0, value0, key1, ...
  std::string tag;              // "#tag" that preceded the value, without '#', or ""
  std::size_t line = 0;

  bool is_keyword(std::string_view name) const { return kind == Kind::kKeyword && text == name; }
  // For maps: the value of keyword key `name`, or nullptr.
  const EdnValue* find(std::string_view keyword) const;
};

// Reads the top-level values of an EDN text one at a time.
class EdnReader {
 public:
  static constexpr std::size_t kMaxDepth = 64;

  explicit EdnReader(std::string_view text) : text_(text) {}

  // The next top-level value; nullopt at the end of input or on error (see failed()).
  std::optional<EdnValue> next();

  bool failed() const { return failed_; }
  const std::string& error() const { return error_; }
  std::size_t error_line() const { return error_line_; }

 private:
  bool skip_space_and_comments();
  bool read_value(EdnValue* out, std::size_t depth);
  bool read_collection(EdnValue* out, char close, std::size_t depth);
  bool read_string(EdnValue* out);
  bool read_token(EdnValue* out);
  bool fail(std::string message);

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  bool failed_ = false;
  std::string error_;
  std::size_t error_line_ = 0;
};

}  // namespace grove::traces
