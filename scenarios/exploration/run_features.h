// What a run reached, as a set of 64-bit features, for coverage-guided search (AFL's edge
// coverage, for a protocol): a run is "interesting" when it adds a feature no earlier run had.
//
//  - each coverage mark (core/env/coverage_marks.h) with its count in AFL's buckets
//    (1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+), so doing a rare thing more often counts too;
//  - each pair of consecutive protocol steps of one node (ghost event kinds), the protocol's
//    "edges";
//  - each (fault, next protocol step) pair: which step the system took right after a crash,
//    restart, pause, partition, heal or clock change;
//  - each checker/rule that fired.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "scenarios/violation.h"
#include "traces/trace_event.h"

namespace grove::scenarios {

class RunFeatures {
 public:
  // Feed every trace event of the run, in order (a RunRequest observer).
  void observe(const traces::TraceEvent& event);
  // Sorted, without duplicates.
  std::vector<std::uint64_t> finish(const std::vector<std::pair<std::string, std::uint64_t>>& coverage,
                                    const std::vector<Violation>& violations);

 private:
  void add(std::string_view kind, std::string_view a, std::string_view b = {});

  std::map<std::uint64_t, std::string> last_step_;  // node -> its last ghost kind
  std::string pending_fault_;  // a fault whose next protocol step is not seen yet
  std::vector<std::uint64_t> features_;
};

// AFL's count buckets: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+ -> 0..7.
int count_bucket(std::uint64_t count);

}  // namespace grove::scenarios
