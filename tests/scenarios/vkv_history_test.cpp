// The history of a vKV run: one op per record, and the exactly-once fence on abandoned writes
// (an abandoned put or cond-put cannot take effect after the same session's next read-write op
// returned).
#include <gtest/gtest.h>

#include "checkers/linearizability.h"
#include "checkers/model_registry.h"
#include "scenarios/vkv_history.h"

namespace grove::scenarios {
namespace {

constexpr TimeNs kUnknown = -1;

OpRecord record(std::size_t client, std::uint64_t session, OpKind kind, std::string key,
                std::string value, std::optional<std::string> output, TimeNs invoke_ns,
                TimeNs return_ns) {
  OpRecord op;
  op.client = client;
  op.session = session;
  op.kind = kind;
  op.key = std::move(key);
  op.value = std::move(value);
  op.output = std::move(output);
  op.invoke_ns = invoke_ns;
  op.return_ns = return_ns;
  return op;
}

checkers::Verdict verdict(const traces::History& history) {
  return checkers::check_linearizability(history, *checkers::find_model("kv")).verdict;
}

// Client 0 abandons a put of "late" to k (it gave up at 10), then completes `next` over
// [20, 30]. Client 1 reads k at [31, 35] and sees nothing, then at [40, 50] sees "late": the
// abandoned put took effect after 31, after client 0's next op had returned.
std::vector<OpRecord> late_effect(const OpRecord& next) {
  return {record(0, 0, OpKind::kPut, "k", "late", std::nullopt, 0, kUnknown), next,
          record(1, 1, OpKind::kGet, "k", "", "", 31, 35),
          record(1, 1, OpKind::kGet, "k", "", "late", 40, 50)};
}

TEST(VkvHistory, OneOperationPerRecordInTheKvVocabulary) {
  OpRecord cond_put = record(0, 0, OpKind::kCondPut, "k", "new", "ok", 0, 5);
  cond_put.expect = "old";
  const traces::History history =
      vkv_history({cond_put, record(1, 1, OpKind::kPut, "j", "v", std::nullopt, 1, kUnknown),
                   record(1, 2, OpKind::kGet, "j", "", "v", 6, 9)});
  EXPECT_EQ(history.model, "kv");
  ASSERT_EQ(history.operations.size(), 3u);
  EXPECT_EQ(history.operations[0].name, "cond-put");
  EXPECT_EQ(history.operations[0].input, (std::vector<std::string>{"old", "new"}));
  EXPECT_EQ(history.operations[0].output, "ok");
  EXPECT_EQ(history.operations[1].name, "put");
  EXPECT_EQ(history.operations[1].return_ns, traces::kNoReturn);
  EXPECT_EQ(history.operations[2].name, "get");
  EXPECT_EQ(history.operations[2].return_ns, 9);
}

TEST(VkvHistory, AnAbandonedWriteCannotTakeEffectAfterTheSessionsNextWriteReturned) {
  const traces::History history =
      vkv_history(late_effect(record(0, 0, OpKind::kPut, "other", "x", "", 20, 30)));
  EXPECT_EQ(history.operations[0].effect_deadline_ns, 30);
  EXPECT_EQ(verdict(history), checkers::Verdict::kNotLinearizable);
  // Without the fence the late effect would pass: it is what rejects it.
  traces::History unfenced = history;
  unfenced.operations[0].effect_deadline_ns = traces::kNoReturn;
  EXPECT_EQ(verdict(unfenced), checkers::Verdict::kLinearizable);
}

TEST(VkvHistory, TheFencedWriteMayStillTakeEffectBeforeTheNextOneReturned) {
  // Client 1 sees "late" at [25, 28], before client 0's next write returned at 30: allowed.
  std::vector<OpRecord> records = {
      record(0, 0, OpKind::kPut, "k", "late", std::nullopt, 0, kUnknown),
      record(0, 0, OpKind::kCondPut, "other", "x", "ok", 20, 30),
      record(1, 1, OpKind::kGet, "k", "", "late", 25, 28)};
  EXPECT_EQ(verdict(vkv_history(records)), checkers::Verdict::kLinearizable);
}

TEST(VkvHistory, AGetDoesNotFence) {
  // A Get is a lease read outside the exactly-once layer: the abandoned put's request may still
  // be in flight and execute after it.
  const traces::History history =
      vkv_history(late_effect(record(0, 0, OpKind::kGet, "other", "", "", 20, 30)));
  EXPECT_EQ(history.operations[0].effect_deadline_ns, traces::kNoReturn);
  EXPECT_EQ(verdict(history), checkers::Verdict::kLinearizable);
}

TEST(VkvHistory, AnotherSessionDoesNotFence) {
  // The same client after a restart is a new session with a new client id: its writes do not
  // make the old session's requests duplicates.
  const traces::History history =
      vkv_history(late_effect(record(0, 5, OpKind::kPut, "other", "x", "", 20, 30)));
  EXPECT_EQ(history.operations[0].effect_deadline_ns, traces::kNoReturn);
  EXPECT_EQ(verdict(history), checkers::Verdict::kLinearizable);
}

TEST(VkvHistory, AnAbandonedNextWriteDoesNotFenceButALaterCompletedOneDoes) {
  std::vector<OpRecord> records = {
      record(0, 0, OpKind::kPut, "k", "a", std::nullopt, 0, kUnknown),
      record(0, 0, OpKind::kPut, "k", "b", std::nullopt, 10, kUnknown),
      record(0, 0, OpKind::kPut, "j", "c", "", 20, 30)};
  const traces::History history = vkv_history(records);
  EXPECT_EQ(history.operations[0].effect_deadline_ns, 30);
  EXPECT_EQ(history.operations[1].effect_deadline_ns, 30);
  EXPECT_EQ(history.operations[2].effect_deadline_ns, traces::kNoReturn);
}

}  // namespace
}  // namespace grove::scenarios
