#include "scenarios/exploration/run_features.h"

#include <algorithm>
#include <set>

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

namespace {
// How far before and after a fault a protocol step counts as "around" it: a few message delays
// and disk writes, the length of one protocol step's round trip in the standard scenarios.
constexpr std::int64_t kFaultWindowNs = 10'000'000;
}  // namespace

void RunFeatures::forget_before(std::int64_t time_ns) {
  while (!recent_steps_.empty() && recent_steps_.front().time_ns < time_ns) recent_steps_.pop_front();
  while (!recent_faults_.empty() && recent_faults_.front().time_ns < time_ns) recent_faults_.pop_front();
}

void RunFeatures::fault(std::int64_t time_ns, std::string name, std::uint64_t victim) {
  forget_before(time_ns - kFaultWindowNs);
  std::set<std::string_view> before;  // each step kind once
  for (const Timed& step : recent_steps_) before.insert(step.label);
  for (std::string_view step : before) add("step-before-fault", step, name);
  if (victim != traces::kNoNode) {
    auto last = last_step_.find(victim);
    add("fault-victim-step", name, last == last_step_.end() ? std::string_view{} : last->second);
  }
  pending_fault_ = name;
  recent_faults_.push_back({time_ns, std::move(name)});
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
      forget_before(event.time_ns - kFaultWindowNs);
      for (const Timed& fault : recent_faults_) add("step-after-fault", fault.label, event.label);
      recent_steps_.push_back({event.time_ns, std::string(event.label)});
      sample_step(event.time_ns, event.label);
      break;
    }
    case TraceKind::kCrash:
    case TraceKind::kRestart:
    case TraceKind::kPause:
    case TraceKind::kResume:
    case TraceKind::kHeal:
    case TraceKind::kClock:
      fault(event.time_ns, std::string(traces::trace_kind_name(event.kind)), event.node);
      break;
    case TraceKind::kPartition:
      fault(event.time_ns, std::string(traces::trace_kind_name(event.kind)) + ":" + std::string(event.label),
            traces::kNoNode);
      break;
    case TraceKind::kNote:
      // The nemesis's reconfigurations and leader changes are admin actions, not trace faults.
      if (event.label == "nemesis: reconfigure" || event.label == "nemesis: step reconfigure") {
        fault(event.time_ns, "reconfigure", traces::kNoNode);
      } else if (event.label == "nemesis: config leader change") {
        fault(event.time_ns, "config-leader-change", traces::kNoNode);
      }
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

void RunFeatures::sample_step(std::int64_t time_ns, std::string_view label) {
  auto it = step_times_.find(label);
  if (it == step_times_.end()) it = step_times_.emplace(std::string(label), Sampled{}).first;
  Sampled& sampled = it->second;
  if (sampled.seen++ % sampled.stride != 0) return;
  sampled.times.push_back(time_ns);
  if (sampled.times.size() <= kStepTimes) return;
  std::size_t kept = 0;  // every other one: occurrences 0, 2 * stride, 4 * stride, ...
  for (std::size_t i = 0; i < sampled.times.size(); i += 2) sampled.times[kept++] = sampled.times[i];
  sampled.times.resize(kept);
  sampled.stride *= 2;
}

std::map<std::string, std::vector<std::int64_t>, std::less<>> RunFeatures::step_times() const {
  std::map<std::string, std::vector<std::int64_t>, std::less<>> out;
  for (const auto& [label, sampled] : step_times_) out.emplace(label, sampled.times);
  return out;
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
