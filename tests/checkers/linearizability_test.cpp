#include "checkers/linearizability.h"

#include <gtest/gtest.h>

#include "checkers/model_registry.h"
#include "tests/checkers/history_builder.h"
#include "traces/history_json.h"

namespace grove::checkers {
namespace {

using testing::history_of;
using testing::op;
constexpr std::int64_t kNever = traces::kNoReturn;

LinearizabilityResult check(const traces::History& history, LinearizabilityOptions options = {}) {
  const Model* model = find_model(history.model);
  EXPECT_NE(model, nullptr) << history.model;
  return check_linearizability(history, *model, options);
}

TEST(Linearizability, SequentialRegisterReadsTheLatestWrite) {
  auto history = history_of("register", {op(0, "write", "", {"1"}, "", 0, 10),
                                         op(1, "read", "", {}, "1", 20, 30)});
  EXPECT_EQ(check(history).verdict, Verdict::kLinearizable);
  history.operations[1].output = "";  // a stale read after the write returned
  const LinearizabilityResult result = check(history);
  ASSERT_EQ(result.verdict, Verdict::kNotLinearizable);
  ASSERT_TRUE(result.explanation);
  EXPECT_EQ(result.explanation->failing_op, 1u);
  EXPECT_EQ(result.explanation->prefix_end_ns, 30);
  EXPECT_EQ(result.explanation->prefix_linearization, std::vector<std::size_t>{0});
  // Every linearization of the past leaves "1": the read alone is the window.
  EXPECT_EQ(result.explanation->window_ops, std::vector<std::size_t>{1});
  EXPECT_EQ(result.explanation->window_start_states, std::vector<std::string>{"\"1\""});
  EXPECT_TRUE(result.explanation->window_minimal);
}

TEST(Linearizability, ConcurrentReadMaySeeEitherValue) {
  for (const char* seen : {"", "1"}) {
    const auto history = history_of("register", {op(0, "write", "", {"1"}, "", 0, 10),
                                                 op(1, "read", "", {}, seen, 5, 15)});
    EXPECT_EQ(check(history).verdict, Verdict::kLinearizable) << seen;
  }
  const auto history = history_of("register", {op(0, "write", "", {"1"}, "", 0, 10),
                                               op(1, "read", "", {}, "2", 5, 15)});
  EXPECT_EQ(check(history).verdict, Verdict::kNotLinearizable);
}

TEST(Linearizability, EqualTimesMeanOverlap) {
  // The write returns at 10 and the read is invoked at 10: they overlap.
  const auto history = history_of("register", {op(0, "write", "", {"1"}, "", 0, 10),
                                               op(1, "read", "", {}, "", 10, 20)});
  EXPECT_EQ(check(history).verdict, Verdict::kLinearizable);
}

TEST(Linearizability, UnknownOutcomeMayTakeEffectLateOrNever) {
  // The crashed write may take effect long after its client gave up...
  auto history = history_of("register", {op(0, "write", "", {"1"}, std::nullopt, 0, 5),
                                         op(1, "read", "", {}, "", 10, 11),
                                         op(1, "read", "", {}, "1", 20, 21)});
  EXPECT_EQ(check(history).verdict, Verdict::kLinearizable);
  // ... or never ...
  history.operations[2].output = "";
  EXPECT_EQ(check(history).verdict, Verdict::kLinearizable);
  // ... but only once.
  history.operations.push_back(op(1, "read", "", {}, "", 30, 31));
  history.operations[2].output = "1";
  EXPECT_EQ(check(history).verdict, Verdict::kNotLinearizable);
}

TEST(Linearizability, FailedCasIsAnObservation) {
  auto history = history_of("cas-register", {op(0, "write", "", {"1"}, "", 0, 10),
                                             op(1, "cas", "", {"1", "2"}, "fail", 20, 30)});
  EXPECT_EQ(check(history).verdict, Verdict::kNotLinearizable);
  history.operations[1].output = "ok";
  history.operations.push_back(op(2, "read", "", {}, "2", 40, 50));
  EXPECT_EQ(check(history).verdict, Verdict::kLinearizable);
}

TEST(Linearizability, KeyValueAppendAndCondPut) {
  auto history = history_of("kv", {op(0, "append", "k", {"a"}, "", 0, 10),
                                   op(1, "append", "k", {"b"}, "", 0, 10),
                                   op(2, "get", "k", {}, "ba", 20, 30),
                                   op(0, "cond-put", "k", {"ba", "c"}, "ok", 40, 50),
                                   op(1, "cond-put", "k", {"ba", "d"}, "", 40, 50),
                                   op(2, "get", "k", {}, "c", 60, 70),
                                   op(2, "get", "missing", {}, "", 60, 70)});
  EXPECT_EQ(check(history).verdict, Verdict::kLinearizable);
  history.operations[2].output = "abx";
  EXPECT_EQ(check(history).verdict, Verdict::kNotLinearizable);
}

// Appended values are concatenation nodes in the checker (checkers/value_table.h): an
// explanation still shows their bytes.
TEST(Linearizability, AnExplanationSpellsOutAnAppendedValue) {
  const auto history = history_of("kv", {op(0, "append", "k", {"x 1"}, "", 0, 10),
                                         op(0, "append", "k", {" y"}, "", 20, 30),
                                         op(1, "get", "k", {}, "x 1 y", 40, 50),
                                         op(1, "get", "k", {}, "x 1 y!", 60, 70)});
  const LinearizabilityResult result = check(history);
  ASSERT_EQ(result.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(result.explanation->failing_op, 3u);
  EXPECT_EQ(result.explanation->state_after_prefix, "\"x 1 y\"");
}

TEST(Linearizability, PartitionsPerKeyAndNamesTheFailingKey) {
  const auto history = history_of("kv", {op(0, "put", "a", {"1"}, "", 0, 10),
                                         op(1, "put", "b", {"1"}, "", 0, 10),
                                         op(0, "get", "a", {}, "1", 20, 30),
                                         op(1, "get", "b", {}, "2", 20, 30)});
  LinearizabilityResult result = check(history);
  EXPECT_EQ(result.partitions, 2u);
  ASSERT_EQ(result.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(result.explanation->key, "b");
  EXPECT_EQ(result.explanation->window_ops, std::vector<std::size_t>{3});

  LinearizabilityOptions whole;
  whole.partition = false;
  result = check(history, whole);
  EXPECT_EQ(result.partitions, 1u);
  EXPECT_EQ(result.verdict, Verdict::kNotLinearizable);
  EXPECT_FALSE(result.explanation->partitioned);
}

TEST(Linearizability, WindowExcludesTheIrrelevantPast) {
  // A long correct past, then a read of a value overwritten before it began.
  std::vector<traces::Operation> ops;
  for (int i = 0; i < 20; ++i) {
    ops.push_back(op(0, "write", "", {std::to_string(i)}, "", 100 * i, 100 * i + 10));
    ops.push_back(op(1, "read", "", {}, std::to_string(i), 100 * i + 20, 100 * i + 30));
  }
  ops.push_back(op(1, "read", "", {}, "3", 2000, 2010));
  const LinearizabilityResult result = check(history_of("register", ops));
  ASSERT_EQ(result.verdict, Verdict::kNotLinearizable);
  const Explanation& explanation = *result.explanation;
  EXPECT_EQ(explanation.failing_op, 40u);
  EXPECT_EQ(explanation.prefix_linearization.size(), 40u);
  EXPECT_EQ(explanation.state_after_prefix, "\"19\"");
  // The read alone contradicts the state every earlier linearization leaves ("19").
  EXPECT_EQ(explanation.window_ops, std::vector<std::size_t>{40});
  EXPECT_EQ(explanation.window_states, 1u);
}

TEST(Linearizability, WindowKeepsConcurrentWritesThatCouldExplainTheRead) {
  // The read of "2" overlaps a write of "1" but no write of "2": the window has both, and the
  // possible starting states.
  const auto history = history_of("register", {op(0, "write", "", {"2"}, "", 0, 10),
                                               op(0, "write", "", {"3"}, "", 20, 30),
                                               op(1, "write", "", {"1"}, "", 35, 60),
                                               op(2, "read", "", {}, "2", 40, 50)});
  const LinearizabilityResult result = check(history);
  ASSERT_EQ(result.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(result.explanation->failing_op, 3u);
  EXPECT_EQ(result.explanation->window_ops, (std::vector<std::size_t>{2, 3}));
  // Before the window the register holds "3", or already "1" (the straddling write).
  EXPECT_EQ(result.explanation->window_start_states,
            (std::vector<std::string>{"\"3\"", "\"1\""}));
}

// 22 overlapping writes and a read of a value nobody wrote: proving it needs every subset of
// the writes, so a small budget runs out first.
traces::History hard_history() {
  std::vector<traces::Operation> ops;
  for (int i = 0; i < 22; ++i) ops.push_back(op(i, "write", "", {std::to_string(i)}, "", 0, 100));
  for (int i = 0; i < 22; ++i) ops.push_back(op(i, "read", "", {}, std::to_string(i), 0, 100));
  ops.push_back(op(30, "read", "", {}, "nobody", 200, 300));
  return history_of("register", ops);
}

TEST(Linearizability, TimeBudgetGivesInconclusiveNotAGuess) {
  LinearizabilityOptions options;
  options.timeout_ns = 20'000'000;  // 20 ms
  const LinearizabilityResult result = check(hard_history(), options);
  EXPECT_EQ(result.verdict, Verdict::kInconclusive);
  EXPECT_LT(result.elapsed_ns, 2'000'000'000);
  EXPECT_FALSE(result.explanation);
}

TEST(Linearizability, MemoryBudgetGivesInconclusive) {
  LinearizabilityOptions options;
  options.memory_limit_bytes = 1 << 20;
  const LinearizabilityResult result = check(hard_history(), options);
  EXPECT_EQ(result.verdict, Verdict::kInconclusive);
  EXPECT_GT(result.peak_memory_bytes, std::size_t{1} << 20);
  EXPECT_LT(result.peak_memory_bytes, std::size_t{64} << 20);
}

TEST(Linearizability, OperationTheModelDoesNotKnowIsAnError) {
  const auto history = history_of("kv", {op(0, "lock", "k", {}, "", 0, 1)});
  const LinearizabilityResult result = check(history);
  EXPECT_NE(result.error.find("no operation 'lock'"), std::string::npos) << result.error;
}

TEST(Linearizability, SameVerdictAfterAJsonRoundTrip) {
  const auto history = history_of("kv", {op(0, "put", "k", {"\x01\xff"}, "", 0, 10),
                                         op(1, "get", "k", {}, "\x01\xff", 20, 30),
                                         op(2, "put", "k", {"z"}, std::nullopt, 25, kNever)});
  const traces::HistoryResult parsed = traces::parse_history_json(traces::history_to_json(history));
  ASSERT_TRUE(parsed.ok()) << parsed.error.to_string();
  EXPECT_EQ(parsed.history->operations.size(), 3u);
  EXPECT_EQ(parsed.history->operations[1].output, "\x01\xff");
  EXPECT_EQ(check(*parsed.history).verdict, Verdict::kLinearizable);
}

TEST(Linearizability, EmptyHistoryIsLinearizable) {
  const LinearizabilityResult result = check(history_of("kv", {}));
  EXPECT_EQ(result.verdict, Verdict::kLinearizable);
  EXPECT_EQ(result.partitions, 0u);
}

}  // namespace
}  // namespace grove::checkers
