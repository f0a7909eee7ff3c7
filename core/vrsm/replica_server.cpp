// Replica: start-up, RPC registration and the write path (protocol.md §1.5, §1.6, §1.8).
#include "core/vrsm/replica_server.h"

#include "core/env/check.h"
#include "core/rpc/gather.h"
#include "core/rpc/hash.h"
#include "core/vrsm/replica_clerk.h"

namespace grove::vrsm {

ReplicaServer::ReplicaServer(env::Env& env, ReplicaOptions options)
    : env_(env),
      options_(std::move(options)),
      config_clerk_(env, options_.config_servers, options_.timing),
      mutex_(env.tasks),
      committed_cv_(env.tasks),
      is_primary_cv_(env.tasks) {}

std::shared_ptr<ReplicaServer> ReplicaServer::start(env::Env& env, ReplicaOptions options,
                                                    std::unique_ptr<InMemoryStateMachine> sm) {
  auto server = std::shared_ptr<ReplicaServer>(new ReplicaServer(env, std::move(options)));
  // Volatile state starts empty: not primary, cannot become primary in the recovered epoch,
  // no lease, committed_next_index 0 (§1.2).
  server->sm_ = DurableStateMachine::recover(env, server->options_.log_file_name, std::move(sm));
  // What the disk gave back: checkers hold it against what this node had made durable before
  // (epoch and seal never go back, acknowledged entries stay, §8.1 items 4, 6).
  env.ghost.emit({"replica_recovered",
                  {{"epoch", server->sm_->epoch()},
                   {"next_index", server->sm_->next_index()},
                   {"sealed", server->sm_->sealed() ? 1u : 0u},
                   {"fresh", server->sm_->recovered_fresh() ? 1u : 0u}}});
  {
    env::Lock lock(server->mutex_);
    server->assert_invariants_locked();
  }
  server->register_handlers();
  env.tasks.spawn("lease_renewal", [server] { server->lease_renewal_loop(); });
  env.tasks.spawn("commit_push", [server] { server->commit_push_loop(); });
  return server;
}

void ReplicaServer::register_handlers() {
  auto self = shared_from_this();
  auto malformed = [self] {
    // Dropped: the empty reply does not decode at the caller, which treats it as a timeout.
    self->env_.ghost.cover("replica_malformed_request");
    return Bytes();
  };
  env_.network.serve(method_id(ReplicaMethod::kApplyAsBackup), [self, malformed](Bytes args) {
    auto decoded = decode_apply_as_backup_args(args);
    return decoded ? encode_err(self->apply_as_backup(*decoded)) : malformed();
  });
  env_.network.serve(method_id(ReplicaMethod::kSetState), [self, malformed](Bytes args) {
    auto decoded = decode_set_state_args(args);
    return decoded ? encode_err(self->set_state(*decoded)) : malformed();
  });
  env_.network.serve(method_id(ReplicaMethod::kGetState), [self, malformed](Bytes args) {
    auto epoch = decode_u64(args);
    return epoch ? encode(self->get_state(*epoch)) : malformed();
  });
  env_.network.serve(method_id(ReplicaMethod::kCopyStateUnsealed), [self, malformed](Bytes args) {
    auto epoch = decode_u64(args);
    return epoch ? encode(self->copy_state_unsealed(*epoch)) : malformed();
  });
  env_.network.serve(method_id(ReplicaMethod::kBecomePrimary), [self, malformed](Bytes args) {
    auto decoded = decode_become_primary_args(args);
    return decoded ? encode_err(self->become_primary(*decoded)) : malformed();
  });
  env_.network.serve(method_id(ReplicaMethod::kApply),
                     [self](Bytes args) { return encode(self->apply(args)); });
  env_.network.serve(method_id(ReplicaMethod::kApplyRo),
                     [self](Bytes args) { return encode(self->apply_ro(args)); });
  env_.network.serve(method_id(ReplicaMethod::kIncreaseCommit), [self, malformed](Bytes args) {
    auto committed = decode_u64(args);
    if (!committed) return malformed();
    self->increase_commit_index(*committed);
    return Bytes();
  });
}

ApplyReply ReplicaServer::apply(std::string_view op) {
  env::Lock lock(mutex_);
  switch (admit_apply(state_locked())) {
    case ApplyAdmission::kRefuseNotPrimary:
      return ApplyReply{Err::kStale, {}};
    case ApplyAdmission::kRefuseSealed:
      env_.ghost.cover("apply_refused_primary_sealed");
      return ApplyReply{Err::kStale, {}};
    case ApplyAdmission::kAdmit:
      break;
  }
  // Index assignment and local apply are one atomic step: indices are dense and the log order
  // is the index order (§1.5 rule 1).
  std::uint64_t epoch = sm_->epoch();
  std::uint64_t index = sm_->next_index();
  DurableStateMachine::Applied applied = sm_->start_apply(op);
  GROVE_CHECK(sm_->next_index() == index + 1 && sm_->epoch() == epoch,
              "the primary's op takes exactly next_index: indices are dense (protocol.md §1.5 rule 1)");
  assert_invariants_locked();
  std::uint64_t op_hash = rpc::fnv1a64(op);
  env_.ghost.emit({"entry_accepted", {{"epoch", epoch}, {"index", index}, {"op_hash", op_hash}}});
  std::vector<env::NodeId> backups = backups_;
  lock.unlock();
  if (env_.bugs.has(env::Bug::R11)) {
    // Planted bug R11 (protocol.md §8.2): the commit index covers the op before any backup
    // has it, so reads may return what a crash or reconfiguration can still lose.
    increase_commit_index(index + 1);
  }

  // Ship to every backup before the local append is durable (pipelining), but reply only after
  // every backup acknowledged AND the local append is durable (§1.5 rule 2).
  auto self = shared_from_this();
  Bytes op_bytes(op);
  auto gather = rpc::Gather<Err>::spawn(
      env_.tasks, "apply_as_backup", backups.size(),
      [self, backups, epoch, index, op_bytes](std::size_t i) {
        return self->replicate_to_backup(backups[i], epoch, index, op_bytes);
      });
  std::vector<Err> errs;
  if (env_.bugs.has(env::Bug::R1)) {
    // Planted bug R1 (§8.2): reply once one backup acknowledged (a majority of three), as if
    // this were a quorum protocol; the other backups may never hold the op.
    auto so_far = gather->wait_until([](const std::vector<std::optional<Err>>& replies) {
      for (const auto& reply : replies) {
        if (reply == Err::kNone) return true;
      }
      return false;
    });
    for (const auto& reply : so_far) errs.push_back(reply.value_or(Err::kNone));
  } else {
    errs = gather->wait_all();  // every backup, not a majority
  }
  if (!env_.bugs.has(env::Bug::R2)) {
    // The local append is durable before the reply (§1.5 rule 2). Planted bug R2 skips this
    // wait: a primary crash right after the reply may lose the op from the one log a later
    // reconfiguration copies.
    applied.durable.wait();
    env_.ghost.emit({"entry_durable", {{"epoch", epoch}, {"index", index}}});
  }

  Err err = Err::kNone;
  for (Err backup_err : errs) {
    if (backup_err != Err::kNone) {
      err = backup_err;
      break;
    }
  }
  if (err == Err::kNone) {
    // Safe without an epoch check: a committed prefix stays committed in every later epoch
    // (§1.5 rule 6).
    increase_commit_index(index + 1);
    env_.ghost.emit({"apply_acked", {{"epoch", epoch}, {"index", index}, {"op_hash", op_hash}}});
    return ApplyReply{Err::kNone, std::move(applied.reply)};
  }
  // Not committed: step down for the rest of the epoch (§1.5 rule 3).
  env_.ghost.cover("primary_steps_down");
  lock.lock();
  if (sm_->epoch() == epoch) is_primary_ = false;
  assert_invariants_locked();
  return ApplyReply{err, std::move(applied.reply)};
}

Err ReplicaServer::replicate_to_backup(env::NodeId backup, std::uint64_t epoch,
                                       std::uint64_t index, const Bytes& op) {
  ReplicaClerk clerk(env_, backup, options_.timing);
  for (;;) {
    Err err = clerk.apply_as_backup(ApplyAsBackupArgs{epoch, index, op});
    if (err != Err::kOutOfOrder && err != Err::kTimeout) return err;
    env_.ghost.cover("primary_retries_backup");
    env::Lock lock(mutex_);
    if (sm_->epoch() != epoch) {
      // This replica left the epoch: the op can no longer be acknowledged usefully. Not
      // replying None is always safe; it ends a retry loop that could otherwise run forever.
      return Err::kStale;
    }
  }
}

Err ReplicaServer::apply_as_backup(const ApplyAsBackupArgs& args) {
  env::Lock lock(mutex_);
  const BackupPlantedBugs bugs{
      .r4_any_epoch = env_.bugs.has(env::Bug::R4),
      .r5_ack_when_sealed = env_.bugs.has(env::Bug::R5),
      .r6_no_wait = env_.bugs.has(env::Bug::R6),
      .r7_duplicate_ack_at_once = env_.bugs.has(env::Bug::R7),
  };
  BackupDecision decision = decide_apply_as_backup(state_locked(), args.epoch, args.index, bugs);
  // An early arrival (planted bug R6 moves it instead of making it wait).
  if (decision.verdict == BackupVerdict::kWait || decision.index != args.index) {
    env_.ghost.cover("backup_waits_for_earlier_index");
  }
  // Strict index order: wait for the predecessor; an epoch change or a seal wakes us to fail.
  while (decision.verdict == BackupVerdict::kWait) {
    std::shared_ptr<env::CondVar>& slot = op_applied_waiters_[decision.index];
    if (!slot) slot = std::make_shared<env::CondVar>(env_.tasks);
    std::shared_ptr<env::CondVar> waiter = slot;
    waiter->wait(lock);
    decision = decide_apply_as_backup(state_locked(), args.epoch, decision.index, bugs);
  }
  const std::uint64_t index = decision.index;
  switch (decision.verdict) {
    case BackupVerdict::kWait:
      break;  // not reached: the loop above ends only on another verdict
    case BackupVerdict::kRefuseSealed:
      env_.ghost.cover("backup_refuses_sealed");
      return Err::kStale;
    case BackupVerdict::kAckSealed:
      // Planted bug R5 (§8.2): a sealed backup acknowledges an entry it did not take.
      env_.ghost.cover("backup_refuses_sealed");
      return Err::kNone;
    case BackupVerdict::kRefuseEpoch:
      return Err::kStale;
    case BackupVerdict::kAckDuplicateAtOnce:
    case BackupVerdict::kAckDuplicateWhenDurable: {
      // Already have it (a retry whose first ack was lost). Within an epoch only its unique
      // primary assigns indices, so it is the same op. Answer None only once it is durable: the
      // §1.5 item 5 fix instead of OutOfOrder forever.
      env_.ghost.cover("backup_duplicate_index_waits_durable");
      const std::uint64_t epoch = sm_->epoch();
      const std::uint64_t op_hash = rpc::fnv1a64(args.op);
      // Planted bug R7 (§8.2): answer None at once, before the entry is durable here.
      if (decision.verdict == BackupVerdict::kAckDuplicateAtOnce) {
        env_.ghost.emit(
            {"backup_acked", {{"epoch", epoch}, {"index", index}, {"op_hash", op_hash}}});
        return Err::kNone;
      }
      DurabilityTicket durable = sm_->everything_applied();
      const std::uint64_t last_applied = sm_->next_index() - 1;
      lock.unlock();
      durable.wait();
      env_.ghost.emit({"entry_durable", {{"epoch", epoch}, {"index", last_applied}}});
      // The None claims "I hold this very op at this index, durably": the op hash lets the
      // checkers compare it with what this node accepted there (§8.1 items 2, 7).
      env_.ghost.emit(
          {"backup_acked", {{"epoch", epoch}, {"index", index}, {"op_hash", op_hash}}});
      return Err::kNone;
    }
    case BackupVerdict::kAccept:
      break;
  }
  GROVE_CHECK(index == sm_->next_index(),
              "a backup applies exactly next_index: indices are dense (protocol.md §1.6, §8.1 item 7)");
  GROVE_CHECK(sm_->epoch() == args.epoch || bugs.r4_any_epoch,
              "a backup takes entries of its own epoch only (protocol.md §1.6)");
  std::uint64_t epoch = sm_->epoch();
  const std::uint64_t op_hash = rpc::fnv1a64(args.op);
  DurableStateMachine::Applied applied = sm_->start_apply(args.op);
  GROVE_CHECK(sm_->next_index() == index + 1,
              "an accepted entry extends the log by exactly one (protocol.md §1.6)");
  assert_invariants_locked();
  env_.ghost.emit({"entry_accepted", {{"epoch", epoch}, {"index", index}, {"op_hash", op_hash}}});
  auto next = op_applied_waiters_.find(sm_->next_index());
  if (next != op_applied_waiters_.end()) {
    next->second->notify_all();
    op_applied_waiters_.erase(next);
  }
  lock.unlock();
  // Planted bug R3 (§8.2): acknowledge before the entry is durable; a crash now loses an entry
  // the primary counts as held by every member.
  if (env_.bugs.has(env::Bug::R3)) {
    env_.ghost.emit({"backup_acked", {{"epoch", epoch}, {"index", index}, {"op_hash", op_hash}}});
    return Err::kNone;
  }
  // Ack only after the entry is durable (§5.4). Later entries may be applied meanwhile; the log
  // is ordered, so durability of this entry implies all earlier ones.
  applied.durable.wait();
  env_.ghost.emit({"entry_durable", {{"epoch", epoch}, {"index", index}}});
  env_.ghost.emit({"backup_acked", {{"epoch", epoch}, {"index", index}, {"op_hash", op_hash}}});
  return Err::kNone;
}

void ReplicaServer::increase_commit_index(std::uint64_t committed_next_index) {
  env::Lock lock(mutex_);
  // Only raises, and never beyond the local log (invariant 5 of §8.1). The primary raises only
  // to what every backup acknowledged (in apply, where bug R11 raises early).
  if (decide_increase_commit_index(state_locked(), committed_next_index) == CommitVerdict::kRaise) {
    committed_next_index_ = committed_next_index;
    assert_invariants_locked();
    committed_cv_.notify_all();
    env_.ghost.emit({"commit_raised",
                     {{"epoch", sm_->epoch()}, {"committed_next_index", committed_next_index}}});
  }
}

ReplicaState ReplicaServer::state_locked() const {
  return ReplicaState{
      .epoch = sm_->epoch(),
      .sealed = sm_->sealed(),
      .next_index = sm_->next_index(),
      .committed_next_index = committed_next_index_,
      .is_primary = is_primary_,
      .primary_epoch = primary_epoch_,
      .can_become_primary = can_become_primary_,
      .lease_valid = lease_valid_,
      .lease_expiration_ns = lease_expiration_ns_,
  };
}

void ReplicaServer::assert_invariants_locked() const {
  assert_replica_invariants(state_locked());
}

void ReplicaServer::wake_all_locked() {
  for (auto& [index, waiter] : op_applied_waiters_) waiter->notify_all();
  op_applied_waiters_.clear();
  committed_cv_.notify_all();
}

}  // namespace grove::vrsm
