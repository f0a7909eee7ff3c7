// A small pull parser for JSON text, for the formats grovesim reads itself (history JSON,
// trace JSONL). It never throws and never reads out of bounds: the first error is kept with
// its line, every later call fails fast. Nesting is limited (kMaxDepth) so hostile input
// cannot overflow the stack.
//
// Strings are byte strings: \u0000-\u00ff decode to one byte (so byte values written by
// JsonWriter round-trip), other \u escapes to UTF-8; raw bytes pass through unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace grove::traces {

class JsonReader {
 public:
  static constexpr std::size_t kMaxDepth = 128;

  explicit JsonReader(std::string_view text) : text_(text) {}

  // '{' then members: while (next_member(&key)) { read the value }.
  bool begin_object();
  bool next_member(std::string* key);
  // '[' then elements: while (next_element()) { read the value }.
  bool begin_array();
  bool next_element();

  bool read_string(std::string* out);
  bool read_int(std::int64_t* out);
  bool read_uint(std::uint64_t* out);
  bool read_bool(bool* out);
  // Consumes `null` if it is next; false (and no error) otherwise.
  bool try_null();
  bool skip_value();

  // The next non-space byte, or '\0' at the end of input.
  char peek();
  bool at_end();

  bool failed() const { return failed_; }
  const std::string& error() const { return error_; }
  std::size_t error_line() const { return error_line_; }
  std::size_t line() const { return line_; }
  // Records an error at the current line (the first one wins).
  bool fail(std::string message);

 private:
  void skip_space();
  bool expect(char c, const char* what);
  bool skip_value_at(std::size_t depth);
  bool read_number_text(std::string_view* out);

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::vector<bool> first_;  // per open container: no member read yet
  bool failed_ = false;
  std::string error_;
  std::size_t error_line_ = 0;
};

// Appends `bytes` as a JSON string literal: printable ASCII as is, everything else escaped
// (bytes >= 0x7f as \u00XX, which JsonReader reads back as the same byte).
void append_json_string(std::string& out, std::string_view bytes);

// `bytes` from an input file as an error message quotes them: a JSON string literal of at most
// the first 64 bytes ("..." after it if cut), so the message is one short line of printable
// ASCII whatever the file holds.
std::string quoted_for_message(std::string_view bytes);

}  // namespace grove::traces
