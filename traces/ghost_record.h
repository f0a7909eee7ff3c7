// A ghost event as checkers see it: owned, with the node, the true time it happened at and its
// position in the run's trace. Its kind and fields follow traces/ghost_schema.h: records are
// made by make_ghost_record (or a reader that validates the same way), so a checker may read
// any field its kind has without a fallback.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "traces/ghost_schema.h"

namespace grove::traces {

inline constexpr std::uint64_t kNoTraceIndex = std::numeric_limits<std::uint64_t>::max();

struct GhostRecord {
  std::int64_t time_ns = 0;  // true time
  std::uint64_t node = 0;
  std::string kind;  // the name of `type`
  std::vector<std::pair<std::string, std::uint64_t>> fields;
  GhostKind type = GhostKind::kCount;
  std::uint64_t trace_index = kNoTraceIndex;  // position in the run's trace, if known

  bool is(GhostKind kind_id) const { return type == kind_id; }
  bool has(const std::string& name) const {
    for (const auto& [field, value] : fields) {
      if (field == name) return true;
    }
    return false;
  }
  // The value of field `name`; aborts naming the kind if it has no such field (a checker bug:
  // the schema says which fields each kind has).
  std::uint64_t get(const std::string& name) const;
  // The value of field `name`, or `fallback` for a kind without it.
  std::uint64_t get(const std::string& name, std::uint64_t fallback) const {
    for (const auto& [field, value] : fields) {
      if (field == name) return value;
    }
    return fallback;
  }
};

// A record checked against the schema: "" and `out` filled, or the error (unknown kind, missing,
// extra or misplaced field).
std::string make_ghost_record(std::int64_t time_ns, std::uint64_t node, std::string kind,
                              std::vector<std::pair<std::string, std::uint64_t>> fields,
                              GhostRecord* out);

}  // namespace grove::traces
