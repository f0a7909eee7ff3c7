// Replica: the epoch-changing RPCs used by reconfiguration (protocol.md §1.7, §2.3).
#include "core/vrsm/replica_server.h"

#include "core/env/check.h"
#include "core/rpc/hash.h"

namespace grove::vrsm {

Err ReplicaServer::set_state(const SetStateArgs& args) {
  env::Lock lock(mutex_);
  switch (decide_set_state(state_locked(), args.epoch, env_.bugs.has(env::Bug::R8))) {
    case SetStateVerdict::kRefuseStale:
      return Err::kStale;  // never go back
    case SetStateVerdict::kAlreadyInEpoch:
      // An idempotent retry: the state is NOT reinstalled, entries accepted since stay. One
      // admin holds each epoch's reservation and sends every member the same snapshot, and the
      // log of an epoch only grows (a restart recovers at least the snapshot, §5.4).
      env_.ghost.cover("set_state_same_epoch");
      GROVE_CHECK(args.next_index <= sm_->next_index(),
                  "a repeated SetState carries its epoch's initial log, a prefix of this replica's "
                  "(protocol.md §1.7)");
      return Err::kNone;
    case SetStateVerdict::kReinstall:
      // Planted bug R8 (§8.2): a duplicated or delayed SetState reinstalls the snapshot, wiping
      // entries this member accepted (and acknowledged) in the epoch since.
      env_.ghost.cover("set_state_same_epoch");
      break;
    case SetStateVerdict::kEnterEpoch:
      break;
  }
  // Enter the new epoch. The file is replaced durably before the reply (§5.4).
  const std::uint64_t previous_epoch = sm_->epoch();
  if (!sm_->set_state_and_unseal(args.state, args.next_index, args.epoch)) {
    env_.ghost.cover("set_state_malformed_snapshot");
    return Err::kStale;
  }
  GROVE_CHECK(sm_->epoch() == args.epoch && sm_->epoch() >= previous_epoch,
              "SetState never lowers the epoch (protocol.md §1.7, §8.1 item 6)");
  GROVE_CHECK(!sm_->sealed() && sm_->next_index() == args.next_index,
              "SetState installs the snapshot unsealed (protocol.md §1.7)");
  is_primary_ = false;
  can_become_primary_ = true;
  epoch_initial_next_index_ = args.next_index;
  backups_.clear();
  lease_valid_ = false;
  wake_all_locked();
  // The content installed, not just its length: checkers match it against the sealed state it
  // was copied from and against every other member entering the same epoch (§8.1 items 2-4).
  env_.ghost.emit({"epoch_entered",
                   {{"epoch", args.epoch},
                    {"next_index", args.next_index},
                    {"committed_next_index", args.committed_next_index},
                    {"state_hash", rpc::fnv1a64(args.state)}}});
  // committed_next_index is kept: the snapshot holds every committed prefix, the one this
  // replica knows included (§1.7, §8.1 item 3), so it is still within the new log. Planted bugs
  // that let an epoch commit what its sealed state lacks (R1, R5, R9, R11, C1, ...) break this.
  GROVE_CHECK(committed_next_index_ <= sm_->next_index(),
              "a new epoch's initial log holds every prefix this replica knows committed "
              "(protocol.md §1.7, §8.1 items 3, 5)");
  assert_invariants_locked();
  lock.unlock();
  // committed_next_index is only raised, never reset: every later epoch's initial log contains
  // every committed prefix (§1.7).
  increase_commit_index(args.committed_next_index);
  return Err::kNone;
}

GetStateReply ReplicaServer::get_state(std::uint64_t epoch) {
  env::Lock lock(mutex_);
  GetStateReply reply;
  const GetStateVerdict verdict =
      decide_get_state(state_locked(), epoch, env_.bugs.has(env::Bug::R9));
  if (verdict == GetStateVerdict::kRefuseStale) {
    reply.err = Err::kStale;
    return reply;
  }
  bool was_sealed = sm_->sealed();
  // Seal before copying: once this returns, the seal is durable and this epoch can commit
  // nothing more through this member (§2.3 constraint 2). Planted bug R9 (§8.2) copies without
  // sealing, so the old epoch keeps committing ops the copy lacks.
  const std::uint64_t epoch_before = sm_->epoch();
  reply.state = verdict == GetStateVerdict::kCopyWithoutSeal ? sm_->copy_state()
                                                             : sm_->get_state_and_seal();
  GROVE_CHECK(sm_->sealed() || verdict == GetStateVerdict::kCopyWithoutSeal,
              "GetState seals before it copies (protocol.md §1.7, §5.4)");
  GROVE_CHECK(sm_->epoch() == epoch_before,
              "GetState does not change the epoch: the replica stays in it, sealed (protocol.md §1.7)");
  reply.next_index = sm_->next_index();
  // Planted bug R12 (grovesim's own, for the sealed-state-mismatch rule): the sealed state is
  // reported one entry short, so the next epoch re-assigns the index of its last op.
  if (env_.bugs.has(env::Bug::R12) && reply.next_index > 0) reply.next_index -= 1;
  reply.committed_next_index = committed_next_index_;
  // Every copy served, sealed now or before: the admin of `epoch` copies a member of the config
  // that was live when it reserved `epoch` (§2.3 constraint 1); the config checker holds it to
  // that (rule seal-outside-live-config).
  env_.ghost.emit({"state_copied",
                   {{"epoch", epoch}, {"own_epoch", sm_->epoch()}, {"next_index", reply.next_index}}});
  if (!was_sealed && sm_->sealed()) {
    env_.ghost.emit({"sealed",
                     {{"epoch", sm_->epoch()},
                      {"next_index", reply.next_index},
                      {"state_hash", rpc::fnv1a64(reply.state)}}});
  }
  wake_all_locked();
  return reply;
}

GetStateReply ReplicaServer::copy_state_unsealed(std::uint64_t epoch) {
  env::Lock lock(mutex_);
  GetStateReply reply;
  // GetState's epoch rule without the seal: exactly planted bug R9's copy.
  if (decide_get_state(state_locked(), epoch, /*planted_bug_r9=*/true) ==
      GetStateVerdict::kRefuseStale) {
    reply.err = Err::kStale;
    return reply;
  }
  reply.state = sm_->copy_state();
  reply.next_index = sm_->next_index();
  reply.committed_next_index = committed_next_index_;
  env_.ghost.emit({"state_copied",
                   {{"epoch", epoch}, {"own_epoch", sm_->epoch()}, {"next_index", reply.next_index}}});
  return reply;
}

Err ReplicaServer::become_primary(const BecomePrimaryArgs& args) {
  env::Lock lock(mutex_);
  // At most once per epoch, and never after a crash in the recovered epoch: a restarted replica
  // may have forgotten a suffix its backups hold (§1.7). Planted bug R10 (§8.2) ignores
  // can_become_primary, so a duplicated or delayed BecomePrimary makes a second primary.
  if (decide_become_primary(state_locked(), args.epoch, env_.bugs.has(env::Bug::R10)) !=
      BecomePrimaryVerdict::kBecomePrimary) {
    env_.ghost.cover("become_primary_refused");
    return Err::kStale;
  }
  // No op of this epoch exists before its one primary does: the replica holds exactly the log
  // its SetState installed (a sealed one too: sealing appends no op). The §3.6 fix below relies
  // on it. (Under planted bug R10 a restarted replica has no permission to check against.)
  GROVE_CHECK(!can_become_primary_ || sm_->next_index() == epoch_initial_next_index_,
              "a new primary holds exactly its epoch's initial log (protocol.md §1.7, §3.6)");
  is_primary_ = true;
  primary_epoch_ = args.epoch;
  can_become_primary_ = false;
  backups_.assign(args.replicas.empty() ? args.replicas.end() : args.replicas.begin() + 1,
                  args.replicas.end());
  is_primary_cv_.notify_all();
  env_.ghost.emit({"became_primary", {{"epoch", args.epoch}}});
  if (options_.commit_initial_log_on_become_primary &&
      decide_increase_commit_index(state_locked(), sm_->next_index()) == CommitVerdict::kRaise) {
    // §3.6 liveness fix. The admin sends BecomePrimary only after SetState succeeded durably on
    // every member and the config was written (§2.3 constraints 3, 4), and no op of this epoch
    // exists before its primary does, so the log this replica holds now (the SetState snapshot)
    // is held by every member of the live config: committed by definition, and carried into
    // every later epoch by sealing. Raising to it lets reads tagged with the snapshot's
    // next_index proceed without waiting for a first write.
    committed_next_index_ = sm_->next_index();
    committed_cv_.notify_all();
    env_.ghost.emit({"commit_raised",
                     {{"epoch", sm_->epoch()}, {"committed_next_index", committed_next_index_}}});
  }
  assert_invariants_locked();
  return Err::kNone;
}

}  // namespace grove::vrsm
