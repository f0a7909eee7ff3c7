#include "core/vrsm/replica_rules.h"

#include "core/env/check.h"

namespace grove::vrsm {

void assert_replica_invariants(const ReplicaState& state) {
  GROVE_CHECK(state.committed_next_index <= state.next_index,
              "committed_next_index <= next_index on every replica (protocol.md §8.1 item 5)");
  GROVE_CHECK(!state.is_primary || state.primary_epoch == state.epoch,
              "a primary acts only in the epoch it was made primary in (protocol.md §1.7)");
  GROVE_CHECK(!state.is_primary || !state.can_become_primary,
              "a primary has used up its one BecomePrimary of the epoch (protocol.md §1.7)");
}

ApplyAdmission admit_apply(const ReplicaState& state) {
  if (!state.is_primary) return ApplyAdmission::kRefuseNotPrimary;
  if (state.sealed) return ApplyAdmission::kRefuseSealed;
  return ApplyAdmission::kAdmit;
}

BackupDecision decide_apply_as_backup(const ReplicaState& state, std::uint64_t epoch,
                                      std::uint64_t index, BackupPlantedBugs bugs) {
  // Strict index order: an early arrival waits for its predecessor, unless the epoch changes or
  // the replica is sealed. R6 instead takes the next free slot, so this log disagrees with the
  // primary's from there on.
  if (index > state.next_index && state.epoch == epoch && !state.sealed) {
    if (!bugs.r6_no_wait) return {BackupVerdict::kWait, index};
    index = state.next_index;
  }
  if (state.sealed) {
    // R5: the sealed backup acknowledges anyway (it cannot append after its seal record), so
    // the old epoch keeps committing after its state was copied.
    return {bugs.r5_ack_when_sealed ? BackupVerdict::kAckSealed : BackupVerdict::kRefuseSealed,
            index};
  }
  // Older and newer epochs are refused. R4 takes an entry of another epoch whenever its index
  // fits this log.
  if (state.epoch != epoch && (!bugs.r4_any_epoch || index > state.next_index)) {
    return {BackupVerdict::kRefuseEpoch, index};
  }
  if (index < state.next_index) {
    return {bugs.r7_duplicate_ack_at_once ? BackupVerdict::kAckDuplicateAtOnce
                                          : BackupVerdict::kAckDuplicateWhenDurable,
            index};
  }
  return {BackupVerdict::kAccept, index};  // index == next_index
}

SetStateVerdict decide_set_state(const ReplicaState& state, std::uint64_t epoch,
                                 bool planted_bug_r8) {
  if (state.epoch > epoch) return SetStateVerdict::kRefuseStale;
  if (state.epoch == epoch) {
    // Entries accepted since the first SetState of the epoch stay. R8 wipes them.
    return planted_bug_r8 ? SetStateVerdict::kReinstall : SetStateVerdict::kAlreadyInEpoch;
  }
  return SetStateVerdict::kEnterEpoch;
}

GetStateVerdict decide_get_state(const ReplicaState& state, std::uint64_t epoch,
                                 bool planted_bug_r9) {
  if (epoch < state.epoch) return GetStateVerdict::kRefuseStale;
  // Seal before copying: once sealed, this epoch can commit nothing more through this member
  // (§2.3 constraint 2). R9 copies without sealing, so the old epoch keeps committing ops the
  // copy lacks.
  return planted_bug_r9 ? GetStateVerdict::kCopyWithoutSeal : GetStateVerdict::kSealAndCopy;
}

BecomePrimaryVerdict decide_become_primary(const ReplicaState& state, std::uint64_t epoch,
                                           bool planted_bug_r10) {
  if (epoch != state.epoch) return BecomePrimaryVerdict::kRefuseOtherEpoch;
  // At most once per epoch, and never after a crash in the recovered epoch: a restarted replica
  // may have forgotten a suffix its backups hold (§1.7). R10 ignores can_become_primary, so a
  // duplicated or delayed BecomePrimary makes a second primary.
  if (!state.can_become_primary && !planted_bug_r10) return BecomePrimaryVerdict::kRefuseNotAllowed;
  return BecomePrimaryVerdict::kBecomePrimary;
}

CommitVerdict decide_increase_commit_index(const ReplicaState& state,
                                           std::uint64_t committed_next_index) {
  if (committed_next_index <= state.committed_next_index) return CommitVerdict::kNotHigher;
  if (committed_next_index > state.next_index) return CommitVerdict::kBeyondLog;
  return CommitVerdict::kRaise;
}

LeaseRenewalVerdict decide_lease_renewal(const ReplicaState& state, std::uint64_t asked_epoch,
                                         bool granted, bool planted_bug_l3) {
  // Installed only if still in the epoch asked about. L3, the negative control, skips this
  // check: believed harmless, since the lease of the old epoch ends before any later epoch goes
  // live, and the new epoch's snapshot holds all the old one committed.
  if ((state.epoch == asked_epoch || planted_bug_l3) && granted) {
    return LeaseRenewalVerdict::kInstall;
  }
  if (state.epoch != asked_epoch) return LeaseRenewalVerdict::kAskForNewEpoch;
  return LeaseRenewalVerdict::kRetryLater;
}

LeaseReadVerdict decide_lease_read(const ReplicaState& state, env::TimeRange now,
                                   LeasePlantedBugs bugs) {
  if (!state.lease_valid) return LeaseReadVerdict::kRefuseNoLease;
  // The UPPER bound of the clock (§3.1): true time is then below the lease's end. L2 compares
  // with lo, so a clock behind true time reads past the end; L1 does not compare at all.
  const env::TimeNs bound_ns = bugs.l2_compare_lo ? now.lo_ns : now.hi_ns;
  if (state.lease_expiration_ns <= bound_ns && !bugs.l1_no_expiry_check) {
    return LeaseReadVerdict::kRefuseExpired;
  }
  return LeaseReadVerdict::kServe;
}

ReadCommitVerdict decide_read_commit(const ReplicaState& state, std::uint64_t read_epoch,
                                     std::uint64_t version, bool planted_bug_l4) {
  // L4 returns what the local state holds, committed or not.
  if (planted_bug_l4) return ReadCommitVerdict::kServe;
  if (state.epoch != read_epoch) return ReadCommitVerdict::kStale;
  // Only the op that last wrote what was read must be committed, not unrelated later writes.
  if (version <= state.committed_next_index) return ReadCommitVerdict::kServe;
  return ReadCommitVerdict::kWait;
}

}  // namespace grove::vrsm
