// The replica log's framing (protocol.md §5.1, §5.2 note): torn tails and the seal record.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "core/storage/record_format.h"
#include "core/storage/replica_log_format.h"

namespace grove::storage {
namespace {

std::string sample_log(bool sealed) {
  std::string file = encode_replica_log_file({4, 10, "snap"});
  file += encode_op_record("op-a");
  file += encode_op_record("op-bb");
  if (sealed) file += encode_seal_record();
  return file;
}

TEST(ReplicaLogFormat, ParsesHeaderOpsAndSeal) {
  RecoveredReplicaLog log = parse_replica_log(sample_log(true));
  ASSERT_EQ(log.status, ReplicaLogStatus::kOk);
  EXPECT_EQ(log.header.epoch, 4u);
  EXPECT_EQ(log.header.next_index, 10u);
  EXPECT_EQ(log.header.snapshot, "snap");
  ASSERT_EQ(log.ops.size(), 2u);
  EXPECT_EQ(log.ops[1], "op-bb");
  EXPECT_TRUE(log.sealed);
  EXPECT_FALSE(log.torn_tail);
}

TEST(ReplicaLogFormat, EmptyFileIsFresh) {
  EXPECT_EQ(parse_replica_log("").status, ReplicaLogStatus::kEmpty);
}

// Every strict prefix of an appended chunk (what a torn append leaves) is dropped, and the
// seal is never inferred from a torn remainder (unlike Go's one-byte seal marker).
TEST(ReplicaLogFormat, EveryTornTailIsDroppedAndNeverReadAsSeal) {
  std::string base = sample_log(false);
  std::string chunk = encode_op_record("op-c") + encode_seal_record();
  for (std::size_t cut = 1; cut < chunk.size(); ++cut) {
    std::string file = base + chunk.substr(0, cut);
    RecoveredReplicaLog log = parse_replica_log(file);
    ASSERT_EQ(log.status, ReplicaLogStatus::kOk);
    std::size_t complete_op = encode_op_record("op-c").size();
    EXPECT_EQ(log.ops.size(), cut >= complete_op ? 3u : 2u) << cut;
    EXPECT_FALSE(log.sealed) << cut;
    EXPECT_EQ(log.torn_tail, cut != complete_op) << cut;
    EXPECT_EQ(log.valid_length, cut >= complete_op ? base.size() + complete_op : base.size());
  }
}

TEST(ReplicaLogFormat, CorruptedRecordEndsTheLog) {
  std::string file = sample_log(true);
  std::size_t second_op = encode_replica_log_file({4, 10, "snap"}).size() +
                          encode_op_record("op-a").size();
  file[second_op + kRecordFrameBytes] ^= 0x40;  // flip a payload bit of op-bb
  RecoveredReplicaLog log = parse_replica_log(file);
  EXPECT_EQ(log.ops.size(), 1u);
  EXPECT_FALSE(log.sealed);
  EXPECT_TRUE(log.torn_tail);
  EXPECT_EQ(log.valid_length, second_op);
}

TEST(ReplicaLogFormat, DamagedHeaderIsReported) {
  std::string file = sample_log(false);
  file[3] ^= 1;
  EXPECT_EQ(parse_replica_log(file).status, ReplicaLogStatus::kHeaderCorrupt);
}

TEST(ReplicaLogFormat, RecordsAfterASealAreCutOff) {
  std::string file = sample_log(true) + encode_op_record("late");
  RecoveredReplicaLog log = parse_replica_log(file);
  EXPECT_TRUE(log.sealed);
  EXPECT_EQ(log.ops.size(), 2u);
  EXPECT_TRUE(log.records_after_seal);
  EXPECT_EQ(log.valid_length, sample_log(true).size());
}

RC_GTEST_PROP(ReplicaLogFormat, AnyPrefixParsesToAPrefixOfTheOps,
              (std::vector<std::string> ops, bool sealed)) {
  std::string file = encode_replica_log_file({1, 0, ""});
  std::size_t header = file.size();
  for (const std::string& op : ops) file += encode_op_record(op);
  if (sealed) file += encode_seal_record();
  std::size_t cut = *rc::gen::inRange<std::size_t>(header, file.size() + 1);
  RecoveredReplicaLog log = parse_replica_log(std::string_view(file).substr(0, cut));
  RC_ASSERT(log.status == ReplicaLogStatus::kOk);
  RC_ASSERT(log.ops.size() <= ops.size());
  for (std::size_t i = 0; i < log.ops.size(); ++i) RC_ASSERT(log.ops[i] == ops[i]);
  RC_ASSERT(log.sealed == (sealed && cut == file.size()));
}

}  // namespace
}  // namespace grove::storage
