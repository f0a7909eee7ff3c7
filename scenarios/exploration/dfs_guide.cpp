#include "scenarios/exploration/dfs_guide.h"

#include <stdexcept>
#include <string>

#include "traces/rolling_hash.h"

namespace grove::scenarios {

std::optional<std::uint64_t> DfsGuide::decide(std::string_view stream, std::uint64_t n) {
  BranchStream kind;
  if (stream == "schedule") {
    kind = BranchStream::kSchedule;
  } else if (stream == "step_faults") {
    kind = BranchStream::kStepFaults;
  } else {
    return std::nullopt;  // every other decision comes from the seed
  }
  BranchPoint point;
  point.index = points_.size();
  point.stream = kind;
  point.options = n;
  point.state = state_.hash();
  point.preemptions_used = preemptions_;
  auto chosen = prefix_.find(point.index);
  if (chosen != prefix_.end()) {
    // The prefix was recorded from this very run's ancestors: the same point has the same
    // options, or the run is not deterministic.
    if (chosen->second >= n && strict_) {
      throw std::logic_error("dfs: branch point " + std::to_string(point.index) + " has " +
                             std::to_string(n) + " options, the prefix chose " +
                             std::to_string(chosen->second));
    }
    point.value = chosen->second % n;
    if (kind == BranchStream::kSchedule && point.value != 0) ++preemptions_;
  }
  points_.push_back(point);
  return point.value;
}

std::uint64_t pruning_key(const BranchPoint& point, int preemption_bound) {
  traces::RollingHash hash;
  hash.fold(point.state);
  hash.fold(static_cast<std::uint64_t>(point.stream));
  hash.fold(point.options);
  hash.fold(static_cast<std::uint64_t>(preemption_bound - point.preemptions_used));
  return hash.value();
}

}  // namespace grove::scenarios
