// u64 little-endian marshalling (protocol.md §0.1).
//
// Every integer is a u64, 8 bytes, little-endian. "rest" fields take every remaining byte.
// The Encoder cannot fail. The Decoder never reads past its input: a short or malformed message
// makes it fail (sticky), every later read returns 0 / empty, and the caller checks ok() (or
// finish()) once at the end and drops the message. This replaces Go's panics on short input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/env/types.h"

namespace grove::rpc {

using env::Bytes;

class Encoder {
 public:
  Encoder() = default;

  Encoder& u64(std::uint64_t value);
  // A single byte: the type tag of exactly-once and vKV ops (protocol.md §6.2, §7.1).
  Encoder& byte(std::uint8_t value);
  // `length:u64` followed by the bytes.
  Encoder& bytes_with_length(std::string_view data);
  // The bytes without a length: must be the last field ("rest").
  Encoder& rest(std::string_view data);
  // `n:u64` followed by n u64s (a config, protocol.md §0.1).
  Encoder& u64_list(const std::vector<std::uint64_t>& values);

  const Bytes& bytes() const { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view input) : input_(input) {}

  std::uint64_t u64();
  std::uint8_t byte();
  // Exactly `length` bytes (fails if fewer remain).
  std::string_view bytes(std::uint64_t length);
  std::string_view bytes_with_length() { return bytes(u64()); }
  // Every remaining byte (possibly none). Never fails by itself.
  std::string_view rest();
  // `n:u64` then n u64s. Fails (without allocating n) if fewer than 8n bytes remain.
  std::vector<std::uint64_t> u64_list();

  bool ok() const { return ok_; }
  std::size_t remaining() const { return ok_ ? input_.size() : 0; }
  // ok() and every byte consumed: the check for messages without a "rest" field.
  bool finish() const { return ok_ && input_.empty(); }
  // Marks the message malformed (a field decoded but holds an invalid value).
  void reject() { fail(); }

 private:
  void fail() {
    ok_ = false;
    input_ = {};
  }

  std::string_view input_;
  bool ok_ = true;
};

}  // namespace grove::rpc
