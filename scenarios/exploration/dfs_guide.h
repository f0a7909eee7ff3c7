// The guide of one run of a bounded exhaustive search (explore --strategy dfs), stateless as
// in VeriSoft and CHESS: every run starts from the root and follows a prefix of decisions.
//
// Branch points are the safety phase's decisions of two streams: "schedule" (a contended pick:
// which ready task runs; option 0 is the default, any other is a preemption, at most
// `preemption_bound` per run) and "step_faults" (vkv-small's faults: option 0 is none; the
// scenario offers only the faults still left, so its bounds hold by construction). The prefix
// is sparse: the few non-default decisions by branch-point number; every other branch point
// takes option 0. Each branch point is recorded with the abstract state it was reached in
// (scenarios/exploration/abstract_state.h) and the budget left, the search's pruning key.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "scenarios/exploration/abstract_state.h"
#include "sim/choice_source.h"

namespace grove::scenarios {

enum class BranchStream : std::uint8_t { kSchedule, kStepFaults };

struct BranchPoint {
  std::uint64_t index = 0;  // branch-point number in the run
  BranchStream stream = BranchStream::kSchedule;
  std::uint64_t options = 0;
  std::uint64_t value = 0;
  std::uint64_t state = 0;        // abstract state hash when it was reached
  int preemptions_used = 0;       // before it
};

using DfsPrefix = std::map<std::uint64_t, std::uint64_t>;  // branch point -> option (non-zero)

class DfsGuide : public sim::ChoiceGuide {
 public:
  // `strict`: a prefix decision beyond its point's options is an error (the search's runs are
  // deterministic); otherwise it is taken mod the options, as a replayed list's value is (a
  // finding re-run without its bug, where the run may part from the prefix).
  DfsGuide(DfsPrefix prefix, int preemption_bound, const AbstractState& state, bool strict = true)
      : prefix_(std::move(prefix)), preemption_bound_(preemption_bound), state_(state), strict_(strict) {}

  std::optional<std::uint64_t> decide(std::string_view stream, std::uint64_t n) override;

  // Every branch point of the run, in order.
  const std::vector<BranchPoint>& points() const { return points_; }
  int preemption_bound() const { return preemption_bound_; }

 private:
  DfsPrefix prefix_;
  int preemption_bound_;
  const AbstractState& state_;
  bool strict_;
  std::vector<BranchPoint> points_;
  int preemptions_ = 0;
};

// The pruning key of a branch point: same abstract state, same stream and options, same
// preemptions left -> same subtree (up to what the abstract state leaves out).
std::uint64_t pruning_key(const BranchPoint& point, int preemption_bound);

}  // namespace grove::scenarios
