// Planted bugs (protocol.md §8.2): runtime flags, each read by core/ at exactly the one place it
// changes. All are off by default; checking one is a single bit test.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace grove::env {

// The catalogue. Keep kBugNames in the same order.
enum class Bug : std::uint8_t {
  R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12,
  C1, C2, C3, C4, C5, C6, C7, C8,
  L1, L2, L3, L4, L5,
  P1, P2, P3, P4, P5,
  S1, S2, S3, S4,
  E1, E2, E3, E4,
  A1, A2, A3, A4, A5, A6, A7,
  kCount,
};

inline constexpr std::string_view kBugNames[] = {
    "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12",
    "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8",
    "L1", "L2", "L3", "L4", "L5",
    "P1", "P2", "P3", "P4", "P5",
    "S1", "S2", "S3", "S4",
    "E1", "E2", "E3", "E4",
    "A1", "A2", "A3", "A4", "A5", "A6", "A7",
};
static_assert(sizeof(kBugNames) / sizeof(kBugNames[0]) == static_cast<std::size_t>(Bug::kCount));

inline std::string_view bug_name(Bug bug) { return kBugNames[static_cast<std::size_t>(bug)]; }

inline std::optional<Bug> parse_bug(std::string_view name) {
  for (std::size_t i = 0; i < static_cast<std::size_t>(Bug::kCount); ++i) {
    if (kBugNames[i] == name) return static_cast<Bug>(i);
  }
  return std::nullopt;
}

class BugSet {
 public:
  void enable(Bug bug) { bits_ |= bit(bug); }
  bool has(Bug bug) const { return (bits_ & bit(bug)) != 0; }
  bool empty() const { return bits_ == 0; }
  std::uint64_t bits() const { return bits_; }

 private:
  static std::uint64_t bit(Bug bug) { return std::uint64_t{1} << static_cast<unsigned>(bug); }
  std::uint64_t bits_ = 0;
};
static_assert(static_cast<unsigned>(Bug::kCount) <= 64);

}  // namespace grove::env
