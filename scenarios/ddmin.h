// Delta debugging (Zeller and Hildebrandt's ddmin, in its "remove a subset" form): given items
// whose removal may or may not keep a failure, removes groups of them while the failure
// stays, halving the group size down to one item at a time. What is left is 1-minimal
// (removing any single remaining item loses the failure) unless the budget ran out first.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <vector>

namespace grove::scenarios {

struct DdminOutcome {
  bool one_minimal = false;  // every single remaining item was tried and is needed
};

// `try_remove(group)` runs the candidate without `group` (and whatever was removed before) and
// returns true iff it still fails; on true the group is gone for good. `budget_left()` is asked
// before every try. `items` ends as the items that are left.
template <class Item>
DdminOutcome ddmin(std::vector<Item>& items,
                   const std::function<bool(const std::vector<Item>& group)>& try_remove,
                   const std::function<bool()>& budget_left) {
  std::size_t group = std::max<std::size_t>(items.size() / 2, 1);
  while (!items.empty()) {
    bool removed = false;
    for (std::size_t start = 0; start < items.size(); start += group) {
      if (!budget_left()) return {};
      const std::size_t end = std::min(start + group, items.size());
      const std::vector<Item> candidate(items.begin() + static_cast<std::ptrdiff_t>(start),
                                        items.begin() + static_cast<std::ptrdiff_t>(end));
      if (try_remove(candidate)) {
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(start),
                    items.begin() + static_cast<std::ptrdiff_t>(end));
        removed = true;
        break;
      }
    }
    if (removed) {
      group = std::min(group, std::max<std::size_t>(items.size() / 2, 1));
    } else if (group == 1) {
      return {true};
    } else {
      group = std::max<std::size_t>(group / 2, 1);
    }
  }
  return {true};
}

}  // namespace grove::scenarios
