#include "sim/pct_policy.h"

#include <algorithm>
#include <stdexcept>

namespace grove::sim {

namespace {
// Initial priorities lie above every changed one (changed ones are < depth).
constexpr std::uint64_t kInitialPriorityRange = std::uint64_t{1} << 40;
}  // namespace

PctPolicy::PctPolicy(ChoiceSource::Stream& choices, PctOptions options)
    : choices_(choices), options_(options) {
  if (options_.depth < 1) throw std::invalid_argument("PCT: depth must be at least 1");
  const std::uint64_t steps = std::max<std::uint64_t>(options_.steps, 1);
  for (int i = 1; i < options_.depth; ++i) change_points_.push_back(1 + choices_.choose(steps));
  std::sort(change_points_.begin(), change_points_.end());
}

std::uint64_t PctPolicy::priority_of(Task& task) {
  if (task.pct_priority == 0) {
    task.pct_priority =
        static_cast<std::uint64_t>(options_.depth) + 1 + choices_.choose(kInitialPriorityRange);
  }
  return task.pct_priority;
}

std::size_t PctPolicy::pick(const std::vector<Task*>& ready) {
  ++step_;
  auto best = [&] {
    std::size_t chosen = 0;
    for (std::size_t i = 1; i < ready.size(); ++i) {
      const std::uint64_t p = priority_of(*ready[i]), q = priority_of(*ready[chosen]);
      // Equal priorities (rare): the older task, so the pick never depends on list order.
      if (p > q || (p == q && ready[i]->id < ready[chosen]->id)) chosen = i;
    }
    return chosen;
  };
  std::size_t chosen = best();
  // Several change points may fall on one pick (drawn with repetition): each demotes.
  while (changes_done_ < change_points_.size() && change_points_[changes_done_] == step_) {
    ++changes_done_;
    ready[chosen]->pct_priority = static_cast<std::uint64_t>(options_.depth) - changes_done_;
    chosen = best();
  }
  return chosen;
}

}  // namespace grove::sim
