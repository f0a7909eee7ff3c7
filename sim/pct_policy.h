// Probabilistic concurrency testing (PCT; Burckhardt, Kothari, Musuvathi, Nagarakatte,
// ASPLOS 2010), as Coyote and AWS Shuttle use it, over the scheduler's picks.
//
// Each task gets a random priority when the policy first sees it; at every contended pick
// (more than one task ready at once) the ready task with the highest priority runs. At depth-1
// change points, drawn uniformly among the first `steps` contended picks before the run, the
// task about to run is demoted below every initial priority instead (the i-th change to
// priority depth - i), and the next-highest runs. For a bug that needs `depth` ordering
// constraints among n tasks and k contended picks, one run finds it with probability at least
// 1 / (n * k^(depth-1)).
//
// The policy only proposes: its pick goes through the "schedule" stream's decide(), so the
// recorded choice list replays the run without the policy, and its own draws come from the
// "pct" stream.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/choice_source.h"
#include "sim/task.h"

namespace grove::sim {

struct PctOptions {
  int depth = 0;            // 0: off (uniform random picks); d >= 1: d - 1 change points
  std::uint64_t steps = 0;  // k: the contended picks the change points are drawn among
};

class PctPolicy {
 public:
  PctPolicy(ChoiceSource::Stream& choices, PctOptions options);

  // The index in `ready` (size >= 2) of the task to run.
  std::size_t pick(const std::vector<Task*>& ready);
  std::uint64_t contended_picks() const { return step_; }

 private:
  std::uint64_t priority_of(Task& task);

  ChoiceSource::Stream& choices_;
  PctOptions options_;
  std::vector<std::uint64_t> change_points_;  // ascending contended-pick numbers, from 1
  std::size_t changes_done_ = 0;
  std::uint64_t step_ = 0;
};

}  // namespace grove::sim
