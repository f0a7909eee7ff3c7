// A rolling 64-bit hash: every trace event is folded in, in order. Not cryptographic; it only
// has to make two different runs differ with overwhelming probability.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace grove::traces {

class RollingHash {
 public:
  void fold(std::uint64_t value) { state_ = mix(state_ ^ (value + kIncrement)); }

  void fold_bytes(std::string_view bytes) {
    fold(bytes.size());
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
      std::uint64_t word;
      std::memcpy(&word, bytes.data() + i, 8);
      fold(word);
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
    fold(tail);
  }

  std::uint64_t value() const { return state_; }

  // The finaliser of SplitMix64: a bijection with good avalanche.
  static std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
  }

 private:
  static constexpr std::uint64_t kIncrement = 0x9e3779b97f4a7c15ULL;
  std::uint64_t state_ = 0x6a09e667f3bcc908ULL;
};

}  // namespace grove::traces
