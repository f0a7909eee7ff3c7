// Typed stubs for one replica's RPCs (protocol.md §1.4). One call per method, with the Go
// per-method timeout from Timing; no retries (callers decide). A timeout, or a reply that does
// not decode, is reported as Err::kTimeout (§0.2: the request may or may not have executed).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/env/env.h"
#include "core/vrsm/replica_messages.h"
#include "core/vrsm/timing.h"

namespace grove::vrsm {

class ReplicaClerk {
 public:
  ReplicaClerk(env::Env& env, env::NodeId server, const Timing& timing)
      : env_(env), server_(server), timing_(timing) {}

  env::NodeId server() const { return server_; }

  Err apply_as_backup(const ApplyAsBackupArgs& args);
  Err set_state(const SetStateArgs& args);
  GetStateReply get_state(std::uint64_t epoch);
  // Planted bug C1 only: a copy of the state without sealing (replica_server.h).
  GetStateReply copy_state_unsealed(std::uint64_t epoch);
  Err become_primary(const BecomePrimaryArgs& args);
  ApplyReply apply(std::string_view op);
  ApplyReply apply_ro(std::string_view op);
  // True iff the call got a reply (IncreaseCommit has no reply content).
  bool increase_commit(std::uint64_t committed_next_index);

 private:
  Err call_for_err(ReplicaMethod method, Bytes args, env::DurationNs timeout_ns);
  GetStateReply call_for_state(ReplicaMethod method, std::uint64_t epoch);
  ApplyReply call_for_apply_reply(ReplicaMethod method, std::string_view op,
                                  env::DurationNs timeout_ns);

  env::Env& env_;
  env::NodeId server_;
  Timing timing_;
};

}  // namespace grove::vrsm
