// The exactly-once layer (protocol.md §6.2) over the vKV state machine (§6.3, §7.1).
#include <gtest/gtest.h>

#include <vector>

#include "core/apps/vkv/vkv_ops.h"
#include "core/apps/vkv/vkv_state_machine.h"
#include "core/rpc/marshal.h"
#include "core/vrsm/exactly_once.h"

namespace grove {
namespace {

using apps::vkv::encode_cond_put;
using apps::vkv::encode_get;
using apps::vkv::encode_put;
using apps::vkv::VkvStateMachine;
using vrsm::ExactlyOnceStateMachine;

class RecordingGhost : public env::Ghost {
 public:
  void emit(const env::GhostEvent& event) override { events.emplace_back(event.kind); }
  void cover(std::string_view name) override { covers.emplace_back(name); }
  std::vector<std::string> events;
  std::vector<std::string> covers;
};

ExactlyOnceStateMachine make_sm(RecordingGhost& ghost) {
  return ExactlyOnceStateMachine(ghost, std::make_unique<VkvStateMachine>());
}

std::uint64_t fresh_cid(ExactlyOnceStateMachine& sm) {
  return *vrsm::decode_fresh_cid_reply(sm.apply_volatile(vrsm::encode_get_fresh_cid_op()));
}

TEST(ExactlyOnce, FreshCidsAreDistinctAndReported) {
  RecordingGhost ghost;
  auto sm = make_sm(ghost);
  EXPECT_EQ(fresh_cid(sm), 0u);
  EXPECT_EQ(fresh_cid(sm), 1u);
  EXPECT_EQ(ghost.events, (std::vector<std::string>{"cid_issued", "cid_issued"}));
}

TEST(ExactlyOnce, DuplicateGetsTheCachedReplyWithoutEffect) {
  RecordingGhost ghost;
  auto sm = make_sm(ghost);
  std::uint64_t cid = fresh_cid(sm);
  EXPECT_EQ(sm.apply_volatile(vrsm::encode_read_write_op(cid, 1, encode_put("k", "a"))), "");
  std::string cond = vrsm::encode_read_write_op(cid, 2, encode_cond_put("k", "a", "b"));
  EXPECT_EQ(sm.apply_volatile(cond), "ok");
  // Someone else changes k; a retry of seq 2 must not run the CondPut again: cached "ok".
  std::uint64_t other = fresh_cid(sm);
  sm.apply_volatile(vrsm::encode_read_write_op(other, 1, encode_put("k", "a")));
  EXPECT_EQ(sm.apply_volatile(cond), "ok");
  EXPECT_EQ(sm.apply_readonly(vrsm::encode_read_only_op(encode_get("k"))).reply, "a");
  // An older seq is a duplicate too: no effect.
  sm.apply_volatile(vrsm::encode_read_write_op(cid, 1, encode_put("k", "old")));
  EXPECT_EQ(sm.apply_readonly(vrsm::encode_read_only_op(encode_get("k"))).reply, "a");
}

TEST(ExactlyOnce, SnapshotCarriesDedupTablesAndNextCid) {
  RecordingGhost ghost;
  auto sm = make_sm(ghost);
  std::uint64_t cid = fresh_cid(sm);
  std::string put = vrsm::encode_read_write_op(cid, 1, encode_cond_put("k", "", "v"));
  EXPECT_EQ(sm.apply_volatile(put), "ok");
  std::string snapshot = sm.get_state();

  auto copy = make_sm(ghost);
  ASSERT_TRUE(copy.set_state(snapshot, 2));
  EXPECT_EQ(copy.get_state(), snapshot);
  EXPECT_EQ(copy.next_cid(), 1u);                 // bug E3 would reissue cid 0
  EXPECT_EQ(copy.apply_volatile(put), "ok");      // bug E1 would answer "" (re-executed)
  EXPECT_EQ(fresh_cid(copy), 1u);
}

TEST(ExactlyOnce, VersionTagIsLogLengthAfterTheWrite) {
  RecordingGhost ghost;
  auto sm = make_sm(ghost);
  std::uint64_t cid = fresh_cid(sm);                                 // index 0
  sm.apply_volatile(vrsm::encode_read_write_op(cid, 1, encode_put("a", "1")));  // index 1
  sm.apply_volatile(vrsm::encode_read_write_op(cid, 2, encode_put("b", "2")));  // index 2
  vrsm::ReadResult a = sm.apply_readonly(vrsm::encode_read_only_op(encode_get("a")));
  vrsm::ReadResult b = sm.apply_readonly(vrsm::encode_read_only_op(encode_get("b")));
  vrsm::ReadResult missing = sm.apply_readonly(vrsm::encode_read_only_op(encode_get("zz")));
  EXPECT_EQ(a.vnum, 2u);
  EXPECT_EQ(b.vnum, 3u);
  EXPECT_EQ(missing.vnum, 0u);
  // After a snapshot install everything is tagged with the snapshot's next_index (§6.3).
  auto copy = make_sm(ghost);
  ASSERT_TRUE(copy.set_state(sm.get_state(), 3));
  EXPECT_EQ(copy.apply_readonly(vrsm::encode_read_only_op(encode_get("a"))).vnum, 3u);
  EXPECT_EQ(copy.apply_readonly(vrsm::encode_read_only_op(encode_get("a"))).reply, "1");
}

TEST(ExactlyOnce, MalformedOpsChangeNothingButCountAsLogEntries) {
  RecordingGhost ghost;
  auto sm = make_sm(ghost);
  std::string before = sm.get_state();
  EXPECT_EQ(sm.apply_volatile(""), "");
  EXPECT_EQ(sm.apply_volatile(std::string("\x00\x01", 2)), "");
  EXPECT_EQ(sm.apply_volatile(std::string("\x07", 1)), "");
  EXPECT_EQ(sm.get_state(), before);
  EXPECT_EQ(sm.next_index(), 3u);
  EXPECT_FALSE(sm.set_state("garbage", 0));
  EXPECT_EQ(sm.get_state(), before);
}

TEST(VkvStateMachine, SequentialSemantics) {
  VkvStateMachine kv;
  EXPECT_EQ(kv.apply_readonly(encode_get("k")).reply, "");
  EXPECT_EQ(kv.apply_volatile(encode_cond_put("k", "x", "y"), 1), "");
  EXPECT_EQ(kv.apply_volatile(encode_cond_put("k", "", "y"), 2), "ok");
  EXPECT_EQ(kv.apply_volatile(encode_put("k", "z"), 3), "");
  EXPECT_EQ(kv.apply_readonly(encode_get("k")).reply, "z");
  EXPECT_EQ(kv.apply_readonly(encode_get("k")).vnum, 3u);
  EXPECT_EQ(kv.apply_volatile(encode_cond_put("k", "nope", "w"), 4), "");
  EXPECT_EQ(kv.apply_readonly(encode_get("k")).vnum, 3u);  // failed CondPut: no tag update
}

TEST(VkvStateMachine, SnapshotIsSortedAndRoundTrips) {
  VkvStateMachine a, b;
  a.apply_volatile(encode_put("b", "2"), 1);
  a.apply_volatile(encode_put("a", "1"), 2);
  b.apply_volatile(encode_put("a", "1"), 1);
  b.apply_volatile(encode_put("b", "2"), 2);
  EXPECT_EQ(a.get_state(), b.get_state());  // independent of insertion order
  VkvStateMachine c;
  ASSERT_TRUE(c.set_state(a.get_state(), 5));
  EXPECT_EQ(c.kvs(), a.kvs());
  EXPECT_FALSE(c.set_state(a.get_state() + "x", 5));
}

}  // namespace
}  // namespace grove
