// The models are strict about outputs: an update that returned something no update returns
// cannot linearize, and a cond-put/cas reply outside its documented values is bad input. An
// unknown outcome with an effect deadline cannot take effect after it.
#include <gtest/gtest.h>

#include "checkers/linearizability.h"
#include "checkers/model_registry.h"
#include "tests/checkers/history_builder.h"

namespace grove::checkers {
namespace {

using testing::history_of;
using testing::op;

LinearizabilityResult check(const traces::History& history) {
  return check_linearizability(history, *find_model(history.model));
}

TEST(StrictModels, APutReturnsNothing) {
  auto history = history_of("kv", {op(0, "put", "k", {"1"}, "", 0, 10),
                                   op(1, "get", "k", {}, "1", 20, 30)});
  EXPECT_EQ(check(history).verdict, Verdict::kLinearizable);
  // vKV's Put replies "": a put that saw "ok" (say, another op's cached reply) is impossible.
  history.operations[0].output = "ok";
  const LinearizabilityResult result = check(history);
  ASSERT_EQ(result.verdict, Verdict::kNotLinearizable);
  EXPECT_TRUE(result.error.empty());
  EXPECT_EQ(result.explanation->failing_op, 0u);
}

TEST(StrictModels, AnAppendAndARegisterWriteReturnNothing) {
  EXPECT_EQ(check(history_of("kv", {op(0, "append", "k", {"x"}, "x", 0, 10)})).verdict,
            Verdict::kNotLinearizable);
  EXPECT_EQ(check(history_of("kv", {op(0, "append", "k", {"x"}, "", 0, 10)})).verdict,
            Verdict::kLinearizable);
  for (const char* model : {"register", "cas-register"}) {
    EXPECT_EQ(check(history_of(model, {op(0, "write", "", {"1"}, "1", 0, 10)})).verdict,
              Verdict::kNotLinearizable)
        << model;
    EXPECT_EQ(check(history_of(model, {op(0, "write", "", {"1"}, "", 0, 10)})).verdict,
              Verdict::kLinearizable)
        << model;
  }
}

TEST(StrictModels, AnUnknownPutMayStillTakeEffect) {
  const auto history = history_of("kv", {op(0, "put", "k", {"1"}, std::nullopt, 0, 5),
                                         op(1, "get", "k", {}, "1", 20, 30)});
  EXPECT_EQ(check(history).verdict, Verdict::kLinearizable);
}

TEST(StrictModels, CondPutRepliesOkOrEmptyAndTheImportedAliases) {
  for (const char* succeeded : {"ok", "true"}) {
    const auto history = history_of("kv", {op(0, "cond-put", "k", {"", "1"}, succeeded, 0, 10),
                                           op(1, "get", "k", {}, "1", 20, 30)});
    EXPECT_EQ(check(history).verdict, Verdict::kLinearizable) << succeeded;
  }
  for (const char* failed : {"", "fail", "false"}) {
    const auto history = history_of("kv", {op(0, "put", "k", {"2"}, "", 0, 10),
                                           op(1, "cond-put", "k", {"", "1"}, failed, 20, 30)});
    EXPECT_EQ(check(history).verdict, Verdict::kLinearizable) << failed;
    // A failed cond-put is an observation: it cannot fail on the value it expects.
    auto bad = history;
    bad.operations[1].input = {"2", "1"};
    EXPECT_EQ(check(bad).verdict, Verdict::kNotLinearizable) << failed;
  }
}

TEST(StrictModels, AnyOtherCondPutReplyIsBadInputNotAFailedCondPut) {
  for (const char* reply : {"maybe", "OK", "1", "no"}) {
    const auto history = history_of("kv", {op(0, "cond-put", "k", {"", "1"}, reply, 0, 10)});
    const LinearizabilityResult result = check(history);
    EXPECT_EQ(result.verdict, Verdict::kInconclusive) << reply;
    EXPECT_NE(result.error.find("operation #0"), std::string::npos) << result.error;
    EXPECT_NE(result.error.find("cond-put output must be"), std::string::npos) << result.error;
  }
  const auto cas = history_of("cas-register", {op(0, "cas", "", {"", "1"}, "maybe", 0, 10)});
  EXPECT_NE(check(cas).error.find("cas output must be ok or fail"), std::string::npos);
}

TEST(EffectDeadline, AnUnknownWriteCannotTakeEffectAfterItsDeadline) {
  // The put of "1" was abandoned; a read at [20, 30] still sees "", a read at [40, 50] sees "1".
  auto history = history_of("kv", {op(0, "put", "k", {"1"}, std::nullopt, 0, 5),
                                   op(1, "get", "k", {}, "", 20, 30),
                                   op(1, "get", "k", {}, "1", 40, 50)});
  EXPECT_EQ(check(history).verdict, Verdict::kLinearizable);  // no deadline: it took effect late
  history.operations[0].effect_deadline_ns = 35;
  EXPECT_EQ(check(history).verdict, Verdict::kLinearizable);  // between the reads, in time
  history.operations[0].effect_deadline_ns = 15;
  const LinearizabilityResult result = check(history);  // before the first read: it saw ""
  ASSERT_EQ(result.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(result.explanation->failing_op, 2u);
  // It may still never take effect.
  history.operations[2].output = "";
  EXPECT_EQ(check(history).verdict, Verdict::kLinearizable);
}

TEST(EffectDeadline, EqualTimesOverlap) {
  // The deadline is 20 and the read is invoked at 20: the write may come just before it.
  const auto history = history_of("kv", {op(0, "put", "k", {"1"}, std::nullopt, 0, 5),
                                         op(1, "get", "k", {}, "1", 20, 30)});
  auto deadline_at_invoke = history;
  deadline_at_invoke.operations[0].effect_deadline_ns = 20;
  EXPECT_EQ(check(deadline_at_invoke).verdict, Verdict::kLinearizable);
}

}  // namespace
}  // namespace grove::checkers
