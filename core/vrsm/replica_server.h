// The vRSM replica (protocol.md §1, §3.3, §3.4; gokv vrsm/replica/server.go).
//
// A member of one epoch's configuration. The primary (config[0]) orders writes and ships them
// to every backup; a write commits only when every member accepted it durably. Any member with
// a valid lease serves reads. All state is under one mutex; handlers block in plain style.
//
// Durable (via DurableStateMachine): epoch, sealed, the state machine and its log. Volatile
// (lost by a crash): is_primary, can_become_primary, backups, lease, committed_next_index.
//
// Liveness fixes taken (none weakens a durability or lease rule):
//   * ApplyAsBackup for an index the backup already has waits until its log is durable and
//     answers None, instead of OutOfOrder forever (§1.5 item 5, the FIXME of the Go source).
//   * The primary stops retrying a backup once it has itself left the epoch (§9 item 6).
//   * BecomePrimary commits the epoch's initial log (see become_primary), so reads do not stall
//     until the first write of the new epoch (§3.6).
//   * The commit push sends once per round with a short timeout instead of retrying a dead
//     backup forever, which would stop the push to every other backup (§1.8).
//   * A read waiting for its version to commit gives up after apply_ro_timeout_ns (the client
//     has timed out by then) instead of waiting forever.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/env/env.h"
#include "core/vrsm/config_clerk.h"
#include "core/vrsm/durable_state_machine.h"
#include "core/vrsm/replica_messages.h"
#include "core/vrsm/replica_rules.h"
#include "core/vrsm/timing.h"

namespace grove::vrsm {

struct ReplicaOptions {
  Timing timing;
  std::vector<env::NodeId> config_servers;
  std::string log_file_name = "replica.log";
  // §3.6 liveness fix (see become_primary). Off reproduces the Go behaviour.
  bool commit_initial_log_on_become_primary = true;
};

class ReplicaServer : public std::enable_shared_from_this<ReplicaServer> {
 public:
  // Recovers from disk (§5.1), registers the RPC handlers and starts the lease-renewal and
  // commit-push tasks. `sm` is the exactly-once state machine over the application.
  static std::shared_ptr<ReplicaServer> start(env::Env& env, ReplicaOptions options,
                                               std::unique_ptr<InMemoryStateMachine> sm);

  // ---- RPC handlers (§1.4) ----------------------------------------------------------
  ApplyReply apply(std::string_view op);                 // §1.5, primary
  Err apply_as_backup(const ApplyAsBackupArgs& args);    // §1.6, backup
  Err set_state(const SetStateArgs& args);               // §1.7, admin -> new member
  GetStateReply get_state(std::uint64_t epoch);          // §1.7, admin -> old member (seals)
  Err become_primary(const BecomePrimaryArgs& args);     // §1.7, admin -> new primary
  // GetState without the seal: unused by the correct protocol. It exists so that planted bug
  // C1 (an admin copying state without sealing, protocol.md §8.2) can live in the admin alone.
  GetStateReply copy_state_unsealed(std::uint64_t epoch);
  ApplyReply apply_ro(std::string_view op);              // §3.4, any member
  void increase_commit_index(std::uint64_t committed_next_index);  // §1.8

 private:
  ReplicaServer(env::Env& env, ReplicaOptions options);
  void register_handlers();
  void lease_renewal_loop();  // §3.3
  void commit_push_loop();    // §1.8
  // Primary -> one backup, retried on OutOfOrder and Timeout (§1.5).
  Err replicate_to_backup(env::NodeId backup, std::uint64_t epoch, std::uint64_t index,
                          const Bytes& op);
  // Epoch change or seal: every waiter re-checks and fails (§1.6, §1.7).
  void wake_all_locked();
  // The protocol state the rules of replica_rules.h decide on. Caller holds mutex_.
  ReplicaState state_locked() const;
  // assert_replica_invariants on state_locked(), after every change. Caller holds mutex_.
  void assert_invariants_locked() const;

  env::Env& env_;
  ReplicaOptions options_;
  ConfigClerk config_clerk_;
  env::Mutex mutex_;
  std::unique_ptr<DurableStateMachine> sm_;  // epoch, sealed, next_index live here

  bool is_primary_ = false;
  std::uint64_t primary_epoch_ = 0;  // the epoch of the BecomePrimary that set is_primary_
  bool can_become_primary_ = false;  // volatile: false after a crash (§1.7)
  // next_index as installed by the SetState that entered the current epoch (valid while
  // can_become_primary_): what the §3.6 fix in become_primary commits.
  std::uint64_t epoch_initial_next_index_ = 0;
  std::vector<env::NodeId> backups_;
  // Backups: ApplyAsBackup calls waiting for index i to become next_index. Shared so a waiter
  // keeps its condition alive while the table is cleared under it.
  std::map<std::uint64_t, std::shared_ptr<env::CondVar>> op_applied_waiters_;
  bool lease_valid_ = false;
  env::TimeNs lease_expiration_ns_ = 0;
  std::uint64_t committed_next_index_ = 0;
  env::CondVar committed_cv_;
  env::CondVar is_primary_cv_;
};

}  // namespace grove::vrsm
