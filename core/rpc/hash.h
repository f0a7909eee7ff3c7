// 64-bit FNV-1a: the hash of ghost events (docs/ghost-events.md: op_hash, key_hash,
// config_hash, state_hash) and the seed of the log record checksum (core/storage).
#pragma once

#include <cstdint>
#include <string_view>

namespace grove::rpc {

inline constexpr std::uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

inline std::uint64_t fnv1a64(std::string_view data, std::uint64_t hash = kFnvOffsetBasis) {
  for (char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kFnvPrime;
  }
  return hash;
}

}  // namespace grove::rpc
