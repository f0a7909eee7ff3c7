#include "core/rpc/marshal.h"

namespace grove::rpc {

Encoder& Encoder::u64(std::uint64_t value) {
  char buffer[8];
  for (int i = 0; i < 8; ++i) buffer[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  out_.append(buffer, sizeof buffer);
  return *this;
}

Encoder& Encoder::byte(std::uint8_t value) {
  out_.push_back(static_cast<char>(value));
  return *this;
}

Encoder& Encoder::bytes_with_length(std::string_view data) {
  u64(data.size());
  out_.append(data);
  return *this;
}

Encoder& Encoder::rest(std::string_view data) {
  out_.append(data);
  return *this;
}

Encoder& Encoder::u64_list(const std::vector<std::uint64_t>& values) {
  u64(values.size());
  for (std::uint64_t value : values) u64(value);
  return *this;
}

std::uint64_t Decoder::u64() {
  if (!ok_ || input_.size() < 8) {
    fail();
    return 0;
  }
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(input_[i])) << (8 * i);
  }
  input_.remove_prefix(8);
  return value;
}

std::uint8_t Decoder::byte() {
  if (!ok_ || input_.empty()) {
    fail();
    return 0;
  }
  auto value = static_cast<std::uint8_t>(input_[0]);
  input_.remove_prefix(1);
  return value;
}

std::string_view Decoder::bytes(std::uint64_t length) {
  if (!ok_ || input_.size() < length) {
    fail();
    return {};
  }
  std::string_view out = input_.substr(0, length);
  input_.remove_prefix(length);
  return out;
}

std::string_view Decoder::rest() {
  std::string_view out = input_;
  input_ = {};
  return out;
}

std::vector<std::uint64_t> Decoder::u64_list() {
  std::uint64_t count = u64();
  // Check the length before allocating: a malformed count must not trigger a huge allocation.
  if (!ok_ || input_.size() / 8 < count) {
    fail();
    return {};
  }
  std::vector<std::uint64_t> values;
  values.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) values.push_back(u64());
  return values;
}

}  // namespace grove::rpc
