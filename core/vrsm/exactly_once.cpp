#include "core/vrsm/exactly_once.h"

#include "core/rpc/hash.h"
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
                                                 std::unique_ptr<VersionedStateMachine> app,
                                                 env::BugSet bugs)
    : ghost_(ghost), app_(std::move(app)), bugs_(bugs) {}

Bytes ExactlyOnceStateMachine::apply_volatile(std::string_view op) {
  // Every logged op counts, malformed ones included: next_index_ must equal (index + 1) so the
  // app tags keys with the log length after the op (§6.3).
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
      // Planted bug E2 (§8.2) compares with > and so re-executes a copy of the latest request.
      const bool duplicate = last != last_seq_.end() &&
                             (bugs_.has(env::Bug::E2) ? last->second > seq : last->second >= seq);
      if (duplicate) {
        // A duplicate (a retry, or a delayed copy): no effect, the cached reply (§6.2). Only the
        // latest reply is kept; an older seq gets it too, but its client has moved on.
        if (!replaying_) {
          ghost_.emit({"request_deduplicated",
                       {{"cid", cid},
                        {"seq", seq},
                        {"cached_seq", last->second},
                        {"index", next_index_ - 1},
                        {"reply_hash", rpc::fnv1a64(last_reply_[cid])}}});
        }
        return last_reply_[cid];
      }
      // Planted bug L5 (§8.2) tags with the op's index instead of the log length after it, so a
      // read waits for the op before the one it read from, which may then be lost.
      const std::uint64_t vnum = bugs_.has(env::Bug::L5) ? next_index_ - 1 : next_index_;
      Bytes reply = app_->apply_volatile(app_op, vnum);
      last_seq_[cid] = seq;
      last_reply_[cid] = reply;
      // Executed at log index next_index_ - 1: checkers hold each (cid, seq) to one execution
      // in any log a later epoch inherits, and duplicates to this reply (§8.1 item 14).
      if (!replaying_) {
        ghost_.emit({"request_executed",
                     {{"cid", cid},
                      {"seq", seq},
                      {"index", next_index_ - 1},
                      {"reply_hash", rpc::fnv1a64(reply)}}});
      }
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
  // The dedup tables and next_cid move with the state.
  rpc::Encoder out;
  // Planted bug E3 (§8.2): next_cid stays behind, so a new epoch hands out client ids again
  // and one client's ops are swallowed as duplicates of another's.
  out.u64(bugs_.has(env::Bug::E3) ? 0 : next_cid_);
  if (bugs_.has(env::Bug::E1)) {
    // Planted bug E1 (§8.2): empty dedup tables, so a retry of an op executed before the state
    // transfer executes again.
    out.u64(0).u64(0);
  } else {
    out.u64(last_seq_.size());
    for (const auto& [cid, seq] : last_seq_) out.u64(cid).u64(seq);
    out.u64(last_reply_.size());
    for (const auto& [cid, reply] : last_reply_) out.u64(cid).bytes_with_length(reply);
  }
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
  // Planted bug E4 (grovesim's own, for the duplicate-reply-differs rule): the reply cache is
  // not restored, so a retry of a request executed before the state transfer is recognised as a
  // duplicate but answered with an empty reply.
  last_reply_ = bugs_.has(env::Bug::E4) ? std::map<std::uint64_t, Bytes>{} : std::move(last_reply);
  next_index_ = next_index;
  return true;
}

}  // namespace grove::vrsm
