#include "core/vrsm/replica_clerk.h"

namespace grove::vrsm {

Err ReplicaClerk::call_for_err(ReplicaMethod method, Bytes args, env::DurationNs timeout_ns) {
  env::CallResult result = env_.network.call(server_, method_id(method), std::move(args), timeout_ns);
  if (!result.ok()) return Err::kTimeout;
  std::optional<Err> err = decode_err(result.reply);
  return err ? *err : Err::kTimeout;
}

ApplyReply ReplicaClerk::call_for_apply_reply(ReplicaMethod method, std::string_view op,
                                              env::DurationNs timeout_ns) {
  env::CallResult result = env_.network.call(server_, method_id(method), Bytes(op), timeout_ns);
  if (!result.ok()) return ApplyReply{Err::kTimeout, {}};
  std::optional<ApplyReply> reply = decode_apply_reply(result.reply);
  return reply ? *reply : ApplyReply{Err::kTimeout, {}};
}

Err ReplicaClerk::apply_as_backup(const ApplyAsBackupArgs& args) {
  return call_for_err(ReplicaMethod::kApplyAsBackup, encode(args), timing_.apply_as_backup_timeout_ns);
}

Err ReplicaClerk::set_state(const SetStateArgs& args) {
  return call_for_err(ReplicaMethod::kSetState, encode(args), timing_.set_state_timeout_ns);
}

GetStateReply ReplicaClerk::get_state(std::uint64_t epoch) {
  return call_for_state(ReplicaMethod::kGetState, epoch);
}

GetStateReply ReplicaClerk::copy_state_unsealed(std::uint64_t epoch) {
  return call_for_state(ReplicaMethod::kCopyStateUnsealed, epoch);
}

GetStateReply ReplicaClerk::call_for_state(ReplicaMethod method, std::uint64_t epoch) {
  env::CallResult result = env_.network.call(server_, method_id(method), encode_u64(epoch),
                                             timing_.get_state_timeout_ns);
  GetStateReply timeout;
  timeout.err = Err::kTimeout;
  if (!result.ok()) return timeout;
  std::optional<GetStateReply> reply = decode_get_state_reply(result.reply);
  return reply ? *reply : timeout;
}

Err ReplicaClerk::become_primary(const BecomePrimaryArgs& args) {
  return call_for_err(ReplicaMethod::kBecomePrimary, encode(args), timing_.become_primary_timeout_ns);
}

ApplyReply ReplicaClerk::apply(std::string_view op) {
  return call_for_apply_reply(ReplicaMethod::kApply, op, timing_.apply_timeout_ns);
}

ApplyReply ReplicaClerk::apply_ro(std::string_view op) {
  return call_for_apply_reply(ReplicaMethod::kApplyRo, op, timing_.apply_ro_timeout_ns);
}

bool ReplicaClerk::increase_commit(std::uint64_t committed_next_index) {
  env::CallResult result =
      env_.network.call(server_, method_id(ReplicaMethod::kIncreaseCommit),
                        encode_u64(committed_next_index),
                        timing_.increase_commit_timeout_ns);
  return result.ok();
}

}  // namespace grove::vrsm
