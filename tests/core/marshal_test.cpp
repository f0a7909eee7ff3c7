// u64 little-endian marshalling and message codecs: round trips, and rejection of short or
// malformed input (protocol.md §0.1).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "core/rpc/marshal.h"
#include "core/vrsm/config_messages.h"
#include "core/vrsm/paxos_state.h"
#include "core/vrsm/replica_messages.h"

namespace grove {
namespace {

using rpc::Decoder;
using rpc::Encoder;

TEST(Marshal, U64IsLittleEndian) {
  Encoder out;
  out.u64(0x0102030405060708ULL);
  EXPECT_EQ(out.bytes(), std::string("\x08\x07\x06\x05\x04\x03\x02\x01", 8));
}

TEST(Marshal, ShortInputFailsAndStaysFailed) {
  Decoder in(std::string_view("\x01\x02\x03", 3));
  EXPECT_EQ(in.u64(), 0u);
  EXPECT_FALSE(in.ok());
  EXPECT_EQ(in.u64(), 0u);
  EXPECT_TRUE(in.rest().empty());
  EXPECT_FALSE(in.ok());
}

TEST(Marshal, HugeListCountIsRejectedWithoutAllocating) {
  Encoder out;
  out.u64(~std::uint64_t{0}).u64(1);
  Decoder in(out.bytes());
  EXPECT_TRUE(in.u64_list().empty());
  EXPECT_FALSE(in.ok());
}

TEST(Marshal, FinishRequiresEveryByteConsumed) {
  Encoder out;
  out.u64(1).byte(7);
  Decoder in(out.bytes());
  in.u64();
  EXPECT_TRUE(in.ok());
  EXPECT_FALSE(in.finish());
}

RC_GTEST_PROP(Marshal, FieldsRoundTrip,
              (std::uint64_t a, std::string with_length, std::vector<std::uint64_t> list,
               std::string rest)) {
  Encoder out;
  out.u64(a).bytes_with_length(with_length).u64_list(list).rest(rest);
  Decoder in(out.bytes());
  RC_ASSERT(in.u64() == a);
  RC_ASSERT(in.bytes_with_length() == with_length);
  RC_ASSERT(in.u64_list() == list);
  RC_ASSERT(in.rest() == rest);
  RC_ASSERT(in.ok());
}

RC_GTEST_PROP(Marshal, SetStateArgsRoundTrip,
              (std::uint64_t epoch, std::uint64_t next_index, std::uint64_t committed,
               std::string state)) {
  vrsm::SetStateArgs args{epoch, next_index, committed, state};
  auto decoded = vrsm::decode_set_state_args(vrsm::encode(args));
  RC_ASSERT(decoded.has_value());
  RC_ASSERT(decoded->epoch == epoch);
  RC_ASSERT(decoded->next_index == next_index);
  RC_ASSERT(decoded->committed_next_index == committed);
  RC_ASSERT(decoded->state == state);
}

RC_GTEST_PROP(Marshal, ConfigStateRoundTrip,
              (std::uint64_t epoch, std::uint64_t reserved, std::uint64_t lease, bool want,
               std::vector<std::uint64_t> config)) {
  vrsm::ConfigState state{epoch, reserved, lease, want, config};
  auto decoded = vrsm::decode_config_state(vrsm::encode(state));
  RC_ASSERT(decoded.has_value());
  RC_ASSERT(decoded->epoch == epoch);
  RC_ASSERT(decoded->reserved_epoch == reserved);
  RC_ASSERT(decoded->lease_expiration_ns == lease);
  RC_ASSERT(decoded->want_lease_to_expire == want);
  RC_ASSERT(decoded->config == config);
}

// Every strict prefix of a fixed-size message is rejected.
template <class Decode>
void expect_truncations_rejected(const std::string& message, Decode decode) {
  for (std::size_t length = 0; length < message.size(); ++length) {
    EXPECT_FALSE(decode(std::string_view(message).substr(0, length)).has_value())
        << "prefix of length " << length << " accepted";
  }
  EXPECT_TRUE(decode(message).has_value());
}

TEST(Marshal, TruncatedMessagesAreRejected) {
  expect_truncations_rejected(vrsm::encode(vrsm::BecomePrimaryArgs{3, {10, 11, 12}}),
                              vrsm::decode_become_primary_args);
  expect_truncations_rejected(vrsm::encode(vrsm::ConfigState{1, 2, 3, true, {4, 5}}),
                              vrsm::decode_config_state);
  expect_truncations_rejected(vrsm::encode(vrsm::TryWriteConfigArgs{7, {1, 2}}),
                              vrsm::decode_try_write_config_args);
  expect_truncations_rejected(vrsm::encode(vrsm::GetLeaseReply{vrsm::Err::kNone, 99}),
                              vrsm::decode_get_lease_reply);
  expect_truncations_rejected(vrsm::encode(vrsm::ReserveEpochReply{vrsm::Err::kNone, 4, {1}}),
                              vrsm::decode_reserve_epoch_reply);
  expect_truncations_rejected(vrsm::encode_err(vrsm::Err::kStale), vrsm::decode_err);
  // Messages with a "rest" field: every prefix shorter than the fixed part is rejected.
  std::string set_state = vrsm::encode(vrsm::SetStateArgs{1, 2, 3, "snapshot"});
  for (std::size_t length = 0; length < 24; ++length) {
    EXPECT_FALSE(vrsm::decode_set_state_args(set_state.substr(0, length)).has_value());
  }
  std::string apply_as_backup = vrsm::encode(vrsm::ApplyAsBackupArgs{1, 2, "op"});
  for (std::size_t length = 0; length < 16; ++length) {
    EXPECT_FALSE(vrsm::decode_apply_as_backup_args(apply_as_backup.substr(0, length)).has_value());
  }
}

TEST(Marshal, UnknownErrorCodesAndFlagsAreRejected) {
  EXPECT_FALSE(vrsm::decode_err(vrsm::encode_u64(9)).has_value());
  EXPECT_FALSE(vrsm::decode_apply_reply(vrsm::encode_u64(42)).has_value());
  vrsm::ConfigState state;
  std::string bytes = vrsm::encode(state);
  bytes[24] = 2;  // want_lease_to_expire must be 0 or 1
  EXPECT_FALSE(vrsm::decode_config_state(bytes).has_value());
  vrsm::PaxosState paxos;
  std::string paxos_bytes = vrsm::encode(paxos);
  paxos_bytes[24] = 5;  // is_leader must be 0 or 1
  EXPECT_FALSE(vrsm::decode_paxos_state(paxos_bytes).has_value());
}

}  // namespace
}  // namespace grove
