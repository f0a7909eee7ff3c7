// What a run reached, as a set of 64-bit features, for coverage-guided search (AFL's edge
// coverage, for a protocol): a run is "interesting" when it adds a feature no earlier run had.
//
//  - each coverage mark (core/env/coverage_marks.h) with its count in AFL's buckets
//    (1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+), so doing a rare thing more often counts too;
//  - each pair of consecutive protocol steps of one node (ghost event kinds), the protocol's
//    "edges";
//  - each (fault, next protocol step) pair: which step the system took right after a crash,
//    restart, pause, partition, heal or clock change;
//  - when a fault (those, or a reconfiguration or config leader change the nemesis starts) fell
//    relative to the protocol: each (step, fault) with the step in the 10 ms before the fault,
//    each (fault, step) with the step in the 10 ms after it, and (fault, the victim's last
//    step). A run that first lands a crash just after a seal or inside a Paxos commit is new,
//    so mutants of it (nudged fault times) search around that window;
//  - each checker/rule that fired.
#pragma once

#include <cstdint>
#include <deque>
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
  // When the run took each protocol step (ghost kind): up to kStepTimes times per kind, spread
  // over the run (every occurrence, then every 2nd, 4th, ... as the kind recurs). Guided
  // search aims faults at them (GuidedCorpus's "aim" mutation).
  static constexpr std::size_t kStepTimes = 16;
  std::map<std::string, std::vector<std::int64_t>, std::less<>> step_times() const;

 private:
  void add(std::string_view kind, std::string_view a, std::string_view b = {});
  void fault(std::int64_t time_ns, std::string name, std::uint64_t victim);
  void forget_before(std::int64_t time_ns);
  void sample_step(std::int64_t time_ns, std::string_view label);

  struct Timed {
    std::int64_t time_ns;
    std::string label;
  };

  std::map<std::uint64_t, std::string> last_step_;  // node -> its last ghost kind
  std::string pending_fault_;  // a fault whose next protocol step is not seen yet
  std::deque<Timed> recent_steps_;   // ghost kinds of the last window, oldest first
  std::deque<Timed> recent_faults_;  // faults of the last window, oldest first
  struct Sampled {
    std::vector<std::int64_t> times;
    std::uint64_t seen = 0;
    std::uint64_t stride = 1;  // keeps occurrences 0, stride, 2 * stride, ...
  };
  std::map<std::string, Sampled, std::less<>> step_times_;
  std::vector<std::uint64_t> features_;
};

// AFL's count buckets: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+ -> 0..7.
int count_bucket(std::uint64_t count);

}  // namespace grove::scenarios
