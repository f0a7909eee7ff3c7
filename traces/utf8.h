// UTF-8 for messages and pages: cut text on character boundaries, and tell a valid sequence
// from stray bytes (a cut in the middle of a character leaves invalid UTF-8 behind).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace grove::traces {

// The length of the valid UTF-8 sequence at the start of `text` (0: not a valid one). No
// overlong forms, no surrogates, nothing above U+10FFFF.
std::size_t utf8_sequence_length(std::string_view text);

// The longest prefix of at most `max_bytes` bytes that does not cut a UTF-8 character (a stray
// byte counts as one character).
std::string utf8_prefix(std::string_view text, std::size_t max_bytes);

// `text` if it fits in `max_bytes`, else its prefix cut on a character boundary plus "...",
// the whole at most `max_bytes` bytes.
std::string shortened(std::string_view text, std::size_t max_bytes);

}  // namespace grove::traces
