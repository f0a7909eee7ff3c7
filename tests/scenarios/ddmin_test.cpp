// Delta debugging: what is left is 1-minimal, the items that matter survive whatever their
// places, and the budget is respected.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>

#include "scenarios/ddmin.h"

namespace grove::scenarios {
namespace {

// The "failure" needs every item of `needed` still present.
struct NeedsAll {
  std::set<int> needed;
  std::size_t tries = 0;
  std::set<int> present;
  bool try_remove(const std::vector<int>& group) {
    ++tries;
    for (int item : group) {
      if (needed.count(item) != 0) return false;
    }
    for (int item : group) present.erase(item);
    return true;
  }
};

TEST(Ddmin, KeepsExactlyTheNeededItems) {
  std::vector<int> items;
  for (int i = 0; i < 100; ++i) items.push_back(i);
  NeedsAll failure{{3, 57, 58}, 0, std::set<int>(items.begin(), items.end())};
  const DdminOutcome outcome = ddmin<int>(
      items, [&](const std::vector<int>& group) { return failure.try_remove(group); }, [] { return true; });
  EXPECT_TRUE(outcome.one_minimal);
  EXPECT_EQ(items, (std::vector<int>{3, 57, 58}));
  EXPECT_LT(failure.tries, 100u);  // fewer runs than one item at a time
}

TEST(Ddmin, StopsWhenTheBudgetRunsOutAndSaysSo) {
  std::vector<int> items = {1, 2, 3, 4, 5, 6, 7, 8};
  std::size_t tries = 0;
  const DdminOutcome outcome = ddmin<int>(
      items, [&](const std::vector<int>&) { ++tries; return false; }, [&] { return tries < 3; });
  EXPECT_FALSE(outcome.one_minimal);
  EXPECT_EQ(tries, 3u);
  EXPECT_EQ(items.size(), 8u);
}

RC_GTEST_PROP(Ddmin, AnyNeededSetSurvivesAndNothingElse, ()) {
  const auto count = *rc::gen::inRange<int>(0, 60);
  std::vector<int> items;
  for (int i = 0; i < count; ++i) items.push_back(i);
  std::set<int> needed;
  for (int item : items) {
    if (*rc::gen::inRange(0, 10) == 0) needed.insert(item);
  }
  NeedsAll failure{needed, 0, {}};
  const DdminOutcome outcome = ddmin<int>(
      items, [&](const std::vector<int>& group) { return failure.try_remove(group); }, [] { return true; });
  RC_ASSERT(outcome.one_minimal);
  RC_ASSERT(std::set<int>(items.begin(), items.end()) == needed);
}

}  // namespace
}  // namespace grove::scenarios
