// Results of the application checkers (protocol.md §8.1 items 16-18): each violation names its
// rule, the operations involved (indices into the checked history or event list) and says, in
// one message, which times and values show it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace grove::checkers::apps {

struct AppViolation {
  std::string rule;
  std::vector<std::size_t> ops;
  std::string message;
};

struct AppCheckResult {
  std::vector<AppViolation> violations;
  std::size_t checked = 0;     // operations or possessions looked at
  bool inconclusive = false;   // a linearizability search ran out of budget: proves nothing
  std::uint64_t search_steps = 0;  // steps the linearizability search used (deterministic)
  std::string note;            // e.g. the linearizability explanation, or why inconclusive

  bool ok() const { return violations.empty(); }
  // At most this many violations per rule are reported (the first ones in time).
  static constexpr std::size_t kMaxPerRule = 10;
};

}  // namespace grove::checkers::apps
