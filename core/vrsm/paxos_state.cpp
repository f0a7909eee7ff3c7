#include "core/vrsm/paxos_state.h"

#include "core/env/check.h"
#include "core/rpc/marshal.h"

namespace grove::vrsm {
namespace {

PaxosErr read_paxos_err(rpc::Decoder& in) {
  std::uint64_t value = in.u64();
  if (value > static_cast<std::uint64_t>(PaxosErr::kNotLeader)) in.reject();
  return static_cast<PaxosErr>(in.ok() ? value : 0);
}

}  // namespace

Bytes encode(const PaxosState& state) {
  rpc::Encoder out;
  out.u64(state.epoch)
      .u64(state.accepted_epoch)
      .u64(state.next_index)
      .u64(state.is_leader ? 1 : 0)
      .rest(state.state);
  return out.take();
}

std::optional<PaxosState> decode_paxos_state(std::string_view bytes) {
  rpc::Decoder in(bytes);
  PaxosState state;
  state.epoch = in.u64();
  state.accepted_epoch = in.u64();
  state.next_index = in.u64();
  std::uint64_t is_leader = in.u64();
  if (is_leader > 1) in.reject();
  state.is_leader = is_leader == 1;
  state.state = Bytes(in.rest());
  if (!in.ok()) return std::nullopt;
  return state;
}

Bytes encode(const ApplyAsFollowerArgs& args) {
  rpc::Encoder out;
  out.u64(args.epoch).u64(args.next_index).rest(args.state);
  return out.take();
}

Bytes encode(const EnterNewEpochReply& reply) {
  rpc::Encoder out;
  out.u64(static_cast<std::uint64_t>(reply.err))
      .u64(reply.accepted_epoch)
      .u64(reply.next_index)
      .rest(reply.state);
  return out.take();
}

Bytes encode_paxos_err(PaxosErr err) {
  rpc::Encoder out;
  out.u64(static_cast<std::uint64_t>(err));
  return out.take();
}

std::optional<ApplyAsFollowerArgs> decode_apply_as_follower_args(std::string_view bytes) {
  rpc::Decoder in(bytes);
  ApplyAsFollowerArgs args;
  args.epoch = in.u64();
  args.next_index = in.u64();
  args.state = Bytes(in.rest());
  if (!in.ok()) return std::nullopt;
  return args;
}

std::optional<EnterNewEpochReply> decode_enter_new_epoch_reply(std::string_view bytes) {
  rpc::Decoder in(bytes);
  EnterNewEpochReply reply;
  reply.err = read_paxos_err(in);
  reply.accepted_epoch = in.u64();
  reply.next_index = in.u64();
  reply.state = Bytes(in.rest());
  if (!in.ok()) return std::nullopt;
  return reply;
}

std::optional<PaxosErr> decode_paxos_err(std::string_view bytes) {
  rpc::Decoder in(bytes);
  PaxosErr err = read_paxos_err(in);
  if (!in.finish()) return std::nullopt;
  return err;
}

EnterNewEpochOutcome on_enter_new_epoch(PaxosState& node, std::uint64_t epoch) {
  EnterNewEpochOutcome outcome;
  if (node.epoch >= epoch) {
    outcome.reply.err = PaxosErr::kEpochStale;
    return outcome;
  }
  node.is_leader = false;
  node.epoch = epoch;
  outcome.changed = true;
  outcome.reply = EnterNewEpochReply{PaxosErr::kNone, node.accepted_epoch, node.next_index, node.state};
  return outcome;
}

ApplyAsFollowerOutcome on_apply_as_follower(PaxosState& node, const ApplyAsFollowerArgs& args,
                                            bool planted_bug_p4) {
  ApplyAsFollowerOutcome outcome;
  if (node.epoch > args.epoch && !planted_bug_p4) {  // a lower epoch is refused
    outcome.err = PaxosErr::kEpochStale;
    return outcome;
  }
  if (node.accepted_epoch == args.epoch) {
    // Same epoch: keep the newer version; an older or equal one is acked without change (the
    // whole-state decree makes reordering harmless, §4.5). P4 takes a lower one too.
    if (node.next_index < args.next_index ||
        (planted_bug_p4 && node.next_index != args.next_index)) {
      node.next_index = args.next_index;
      node.state = args.state;
      outcome.changed = true;
    }
    return outcome;
  }
  // accepted_epoch < args.epoch (accepted_epoch <= epoch <= args.epoch always holds; under P4
  // the sender's epoch may be lower, and the node then goes back to it).
  node.accepted_epoch = args.epoch;
  node.epoch = args.epoch;
  node.state = args.state;
  node.next_index = args.next_index;
  node.is_leader = false;
  outcome.changed = true;
  return outcome;
}

const EnterNewEpochReply* most_recent_promise(
    const std::vector<std::optional<EnterNewEpochReply>>& replies) {
  const EnterNewEpochReply* best = nullptr;
  for (const auto& reply : replies) {
    if (!reply || reply->err != PaxosErr::kNone) continue;
    if (best == nullptr || reply->accepted_epoch > best->accepted_epoch ||
        (reply->accepted_epoch == best->accepted_epoch && reply->next_index > best->next_index)) {
      best = &*reply;
    }
  }
  return best;
}

void assert_paxos_node_invariants(const PaxosState& node) {
  GROVE_CHECK(node.accepted_epoch <= node.epoch,
              "a Paxos node accepts only in epochs it promised: accepted_epoch <= epoch "
              "(protocol.md §4.2)");
  GROVE_CHECK(!node.is_leader || node.accepted_epoch == node.epoch,
              "a Paxos leader holds the state of its own epoch (protocol.md §4.4)");
}

bool on_election_won(PaxosState& node, std::uint64_t epoch, const EnterNewEpochReply& chosen) {
  if (node.epoch > epoch) return false;  // a higher candidate came along meanwhile
  node.epoch = epoch;
  node.is_leader = true;
  node.accepted_epoch = epoch;
  // The most recent accepted state of the majority, never this node's own (bug P2).
  node.next_index = chosen.next_index;
  node.state = chosen.state;
  return true;
}

}  // namespace grove::vrsm
