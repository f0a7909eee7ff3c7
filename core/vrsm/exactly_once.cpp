#include "core/vrsm/exactly_once.h"

#include "core/rpc/marshal.h"

namespace grove::vrsm {

Bytes encode_read_write_op(std::uint64_t cid, std::uint64_t seq, std::string_view app_op) {
  rpc::Encoder out;
  out.byte(static_cast<std::uint8_t>(ExactlyOnceOpType::kReadWrite)).u64(cid).u64(seq).rest(app_op);
  return out.take();
}

Bytes encode_get_fresh_cid_op() {
  rpc::Encoder out;
  out.byte(static_cast<std::uint8_t>(ExactlyOnceOpType::kGetFreshCid));
  return out.take();
}

Bytes encode_read_only_op(std::string_view app_op) {
  rpc::Encoder out;
  out.byte(static_cast<std::uint8_t>(ExactlyOnceOpType::kReadOnly)).rest(app_op);
  return out.take();
}

std::optional<std::uint64_t> decode_fresh_cid_reply(std::string_view reply) {
  rpc::Decoder in(reply);
  std::uint64_t cid = in.u64();
  if (!in.finish()) return std::nullopt;
  return cid;
}

ExactlyOnceStateMachine::ExactlyOnceStateMachine(env::Ghost& ghost,
                                                 std::unique_ptr<VersionedStateMachine> app)
    : ghost_(ghost), app_(std::move(app)) {}

Bytes ExactlyOnceStateMachine::apply_volatile(std::string_view op) {
  // Every logged op counts, malformed ones included: next_index_ must equal (index + 1) so the
  // app tags keys with the log length after the op (§6.3; bug L5 passes index instead).
  next_index_ += 1;
  rpc::Decoder in(op);
  auto type = static_cast<ExactlyOnceOpType>(in.byte());
  if (in.ok() && type == ExactlyOnceOpType::kGetFreshCid && in.finish()) {
    std::uint64_t cid = next_cid_;
    next_cid_ += 1;
    if (!replaying_) ghost_.emit({"cid_issued", {{"cid", cid}, {"index", next_index_ - 1}}});
    rpc::Encoder reply;
    reply.u64(cid);
    return reply.take();
  }
  if (in.ok() && type == ExactlyOnceOpType::kReadWrite) {
    std::uint64_t cid = in.u64();
    std::uint64_t seq = in.u64();
    std::string_view app_op = in.rest();
    if (in.ok()) {
      auto last = last_seq_.find(cid);
      if (last != last_seq_.end() && last->second >= seq) {
        // A duplicate (a retry, or a delayed copy): no effect, the cached reply (§6.2; bug E2
        // uses >, re-executing the latest request). Only the
        // latest reply is kept; an older seq gets it too, but its client has moved on.
        return last_reply_[cid];
      }
      Bytes reply = app_->apply_volatile(app_op, next_index_);
      last_seq_[cid] = seq;
      last_reply_[cid] = reply;
      return reply;
    }
  }
  if (in.ok() && type == ExactlyOnceOpType::kReadOnly) {
    return app_->apply_readonly(in.rest()).reply;
  }
  // Malformed: the same bytes are in every replica's log, so "no effect, empty reply" is
  // deterministic everywhere.
  ghost_.cover("exactly_once_malformed_op");
  return {};
}

ReadResult ExactlyOnceStateMachine::apply_readonly(std::string_view op) {
  rpc::Decoder in(op);
  auto type = static_cast<ExactlyOnceOpType>(in.byte());
  if (in.ok() && type == ExactlyOnceOpType::kReadOnly) return app_->apply_readonly(in.rest());
  // Only read-only ops may take the read path. Answer conservatively: the current log length
  // as version (the read waits for everything applied to commit) and no data.
  ghost_.cover("exactly_once_malformed_readonly_op");
  return ReadResult{next_index_, {}, 0};
}

Bytes ExactlyOnceStateMachine::get_state() {
  // The dedup tables (bug E1 omits them) and next_cid (bug E3) move with the state.
  rpc::Encoder out;
  out.u64(next_cid_);
  out.u64(last_seq_.size());
  for (const auto& [cid, seq] : last_seq_) out.u64(cid).u64(seq);
  out.u64(last_reply_.size());
  for (const auto& [cid, reply] : last_reply_) out.u64(cid).bytes_with_length(reply);
  out.rest(app_->get_state());
  return out.take();
}

bool ExactlyOnceStateMachine::set_state(std::string_view snapshot, std::uint64_t next_index) {
  rpc::Decoder in(snapshot);
  std::uint64_t next_cid = in.u64();
  std::map<std::uint64_t, std::uint64_t> last_seq;
  std::uint64_t seq_count = in.u64();
  for (std::uint64_t i = 0; i < seq_count && in.ok(); ++i) {
    std::uint64_t cid = in.u64();
    last_seq[cid] = in.u64();
  }
  std::map<std::uint64_t, Bytes> last_reply;
  std::uint64_t reply_count = in.u64();
  for (std::uint64_t i = 0; i < reply_count && in.ok(); ++i) {
    std::uint64_t cid = in.u64();
    last_reply[cid] = Bytes(in.bytes_with_length());
  }
  std::string_view app_snapshot = in.rest();
  if (!in.ok() || !app_->set_state(app_snapshot, next_index)) return false;
  next_cid_ = next_cid;
  last_seq_ = std::move(last_seq);
  last_reply_ = std::move(last_reply);
  next_index_ = next_index;
  return true;
}

}  // namespace grove::vrsm
