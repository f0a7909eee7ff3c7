// Small wire helpers shared by the replica, config and Paxos messages (protocol.md §0.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/env/types.h"
#include "core/rpc/marshal.h"
#include "core/vrsm/error.h"

namespace grove::vrsm {

// Reads an error code; an unknown value rejects the message.
inline Err read_err(rpc::Decoder& in) {
  std::uint64_t value = in.u64();
  if (!valid_err(value)) {
    in.reject();
    return Err::kTimeout;
  }
  return static_cast<Err>(value);
}

// A message holding one u64 (an error code, an epoch, a committed index).
inline env::Bytes encode_u64(std::uint64_t value) {
  rpc::Encoder out;
  out.u64(value);
  return out.take();
}
inline std::optional<std::uint64_t> decode_u64(std::string_view bytes) {
  rpc::Decoder in(bytes);
  std::uint64_t value = in.u64();
  if (!in.finish()) return std::nullopt;
  return value;
}

inline env::Bytes encode_err(Err err) { return encode_u64(static_cast<std::uint64_t>(err)); }
inline std::optional<Err> decode_err(std::string_view bytes) {
  rpc::Decoder in(bytes);
  Err err = read_err(in);
  if (!in.finish()) return std::nullopt;
  return err;
}

}  // namespace grove::vrsm
