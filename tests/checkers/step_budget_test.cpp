// The deterministic budget of the linearizability check: a count of search steps, so a verdict
// reached within it, and where it runs out, are the same on every run and every machine.
#include <gtest/gtest.h>

#include "checkers/linearizability.h"
#include "checkers/model_registry.h"
#include "tests/checkers/history_builder.h"

namespace grove::checkers {
namespace {

using testing::history_of;
using testing::op;

LinearizabilityResult check_with_budget(const traces::History& history, std::uint64_t max_steps) {
  LinearizabilityOptions options;
  options.max_steps = max_steps;
  return check_linearizability(history, *find_model(history.model), options);
}

// 20 overlapping writes and a read of a value nobody wrote: proving that takes every subset of
// the writes, far more steps than the budgets below.
traces::History hard_history() {
  std::vector<traces::Operation> ops;
  for (int i = 0; i < 20; ++i) ops.push_back(op(i, "write", "", {std::to_string(i)}, "", 0, 100));
  for (int i = 0; i < 20; ++i) ops.push_back(op(i, "read", "", {}, std::to_string(i), 0, 100));
  ops.push_back(op(30, "read", "", {}, "nobody", 200, 300));
  return history_of("register", ops);
}

// Two keys, each a handful of sequential ops: decided in a few dozen steps.
traces::History easy_history(const std::string& last_read) {
  return history_of("kv", {op(0, "put", "a", {"1"}, "", 0, 10), op(1, "put", "b", {"2"}, "", 0, 10),
                           op(0, "get", "a", {}, "1", 20, 30), op(1, "get", "b", {}, last_read, 20, 30)});
}

TEST(StepBudget, ABudgetOfNStepsGivesTheSameVerdictOnEveryRun) {
  const traces::History history = hard_history();
  constexpr std::uint64_t kBudget = 200'000;
  for (int run = 0; run < 5; ++run) {
    const LinearizabilityResult result = check_with_budget(history, kBudget);
    EXPECT_EQ(result.verdict, Verdict::kInconclusive) << "run " << run;
    EXPECT_EQ(result.exhausted, BudgetLimit::kSteps) << "run " << run;
    EXPECT_EQ(result.steps, kBudget) << "run " << run;  // spent to the last step, no further
    EXPECT_FALSE(result.explanation);
  }
  LinearizabilityOptions options;
  options.max_steps = kBudget;
  EXPECT_EQ(describe_exhaustion(check_with_budget(history, kBudget), options),
            "the budget of 200000 search steps ran out");
}

TEST(StepBudget, TheStepsAHistoryNeedsDecideIt) {
  for (const char* last_read : {"2", "3"}) {
    const traces::History history = easy_history(last_read);
    const LinearizabilityResult unbounded = check_with_budget(history, 0);
    ASSERT_NE(unbounded.verdict, Verdict::kInconclusive);
    ASSERT_GT(unbounded.steps, 1u);
    // Exactly the steps it needs: the same verdict, the same steps.
    const LinearizabilityResult enough = check_with_budget(history, unbounded.steps);
    EXPECT_EQ(enough.verdict, unbounded.verdict) << last_read;
    EXPECT_EQ(enough.steps, unbounded.steps) << last_read;
    // One step fewer: no verdict, and never a pass.
    const LinearizabilityResult short_one = check_with_budget(history, unbounded.steps - 1);
    EXPECT_EQ(short_one.verdict, Verdict::kInconclusive) << last_read;
    EXPECT_EQ(short_one.steps, unbounded.steps - 1) << last_read;
  }
}

TEST(StepBudget, AViolationFoundWithinTheBudgetIsDefinite) {
  // Key "a" is hard (and linearizable), key "b" has a stale read: the round-robin finds the
  // violation in "b" before the budget is spent on "a".
  traces::History history = hard_history();
  for (auto& operation : history.operations) operation.key = "a";
  history.model = "kv";
  for (auto& operation : history.operations) {
    if (operation.name == "write") operation.name = "put";
    if (operation.name == "read") operation.name = "get";
  }
  history.operations.pop_back();  // "a" alone is linearizable, just slow to search
  history.operations.push_back(op(40, "put", "b", {"1"}, "", 0, 10));
  history.operations.push_back(op(41, "get", "b", {}, "", 20, 30));
  const LinearizabilityResult result = check_with_budget(history, 100'000);
  EXPECT_EQ(result.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(result.exhausted, BudgetLimit::kNone);
  ASSERT_TRUE(result.explanation);
  EXPECT_EQ(result.explanation->key, "b");
  EXPECT_LE(result.steps, 100'000u);
}

TEST(StepBudget, TheDefaultBudgetEndsAPathologicalHistoryInSeconds) {
  // 24 overlapping writes: 2^24 subsets, beyond the default budget.
  std::vector<traces::Operation> ops;
  for (int i = 0; i < 24; ++i) ops.push_back(op(i, "write", "", {std::to_string(i)}, "", 0, 100));
  for (int i = 0; i < 24; ++i) ops.push_back(op(i, "read", "", {}, std::to_string(i), 0, 100));
  ops.push_back(op(30, "read", "", {}, "nobody", 200, 300));
  LinearizabilityOptions options;
  options.max_steps = kDefaultCheckBudgetSteps;
  const LinearizabilityResult result =
      check_linearizability(history_of("register", ops), *find_model("register"), options);
  EXPECT_EQ(result.verdict, Verdict::kInconclusive);
  EXPECT_EQ(result.steps, kDefaultCheckBudgetSteps);
}

}  // namespace
}  // namespace grove::checkers
