// A ghost event as checkers see it: owned, with the node and the true time it happened at.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace grove::traces {

struct GhostRecord {
  std::int64_t time_ns = 0;  // true time
  std::uint64_t node = 0;
  std::string kind;
  std::vector<std::pair<std::string, std::uint64_t>> fields;

  bool has(const std::string& name) const {
    for (const auto& [field, value] : fields) {
      if (field == name) return true;
    }
    return false;
  }
  std::uint64_t get(const std::string& name, std::uint64_t fallback = 0) const {
    for (const auto& [field, value] : fields) {
      if (field == name) return value;
    }
    return fallback;
  }
};

}  // namespace grove::traces
