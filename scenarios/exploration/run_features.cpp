#include "scenarios/exploration/run_features.h"

#include <algorithm>

#include "traces/rolling_hash.h"

namespace grove::scenarios {

int count_bucket(std::uint64_t count) {
  if (count <= 3) return static_cast<int>(count) - 1;
  if (count < 8) return 3;
  if (count < 16) return 4;
  if (count < 32) return 5;
  if (count < 128) return 6;
  return 7;
}

void RunFeatures::add(std::string_view kind, std::string_view a, std::string_view b) {
  traces::RollingHash hash;
  hash.fold_bytes(kind);
  hash.fold_bytes(a);
  hash.fold_bytes(b);
  features_.push_back(hash.value());
}

void RunFeatures::observe(const traces::TraceEvent& event) {
  using traces::TraceKind;
  switch (event.kind) {
    case TraceKind::kGhost: {
      std::string& last = last_step_[event.node];
      add("step-pair", last, event.label);
      last.assign(event.label);
      if (!pending_fault_.empty()) {
        add("after-fault", pending_fault_, event.label);
        pending_fault_.clear();
      }
      break;
    }
    case TraceKind::kCrash:
    case TraceKind::kRestart:
    case TraceKind::kPause:
    case TraceKind::kResume:
    case TraceKind::kPartition:
    case TraceKind::kHeal:
    case TraceKind::kClock:
      pending_fault_.assign(traces::trace_kind_name(event.kind));
      if (event.kind == TraceKind::kPartition) pending_fault_ += ":" + std::string(event.label);
      break;
    default:
      break;
  }
  // Bounded: the same few hundred features recur all run long.
  if (features_.size() > 4096) {
    std::sort(features_.begin(), features_.end());
    features_.erase(std::unique(features_.begin(), features_.end()), features_.end());
  }
}

std::vector<std::uint64_t> RunFeatures::finish(
    const std::vector<std::pair<std::string, std::uint64_t>>& coverage,
    const std::vector<Violation>& violations) {
  for (const auto& [mark, count] : coverage) {
    if (count > 0) add("mark", mark, std::to_string(count_bucket(count)));
  }
  for (const Violation& violation : violations) add("violation", violation.checker, violation.rule);
  std::sort(features_.begin(), features_.end());
  features_.erase(std::unique(features_.begin(), features_.end()), features_.end());
  return std::move(features_);
}

}  // namespace grove::scenarios
