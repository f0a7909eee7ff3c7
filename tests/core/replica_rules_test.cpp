// The replica's rules as pure decisions (protocol.md §1.5-§1.8, §3.3, §3.4), without a world.
// Each rule: what it allows, what it refuses, and what its planted bugs change.
#include <gtest/gtest.h>

#include "core/vrsm/replica_rules.h"
#include "sim/invariant_failure.h"

namespace grove::vrsm {
namespace {

// A backup in epoch 3 holding entries 0..9, not sealed.
ReplicaState backup_state() {
  ReplicaState state;
  state.epoch = 3;
  state.next_index = 10;
  state.committed_next_index = 8;
  return state;
}

// A primary in epoch 3 right after BecomePrimary.
ReplicaState primary_state() {
  ReplicaState state = backup_state();
  state.is_primary = true;
  state.primary_epoch = 3;
  return state;
}

// ---- Invariants ------------------------------------------------------------------------------

TEST(ReplicaRules, InvariantsHoldInEveryStateTheRulesLeadTo) {
  sim::ThrowOnInvariantFailure throwing;
  EXPECT_NO_THROW(assert_replica_invariants(ReplicaState{}));  // fresh or restarted
  EXPECT_NO_THROW(assert_replica_invariants(backup_state()));
  ReplicaState entered = backup_state();  // right after SetState
  entered.can_become_primary = true;
  EXPECT_NO_THROW(assert_replica_invariants(entered));
  ReplicaState primary = primary_state();
  EXPECT_NO_THROW(assert_replica_invariants(primary));
  primary.sealed = true;  // a BecomePrimary delayed past a seal: allowed
  EXPECT_NO_THROW(assert_replica_invariants(primary));
  ReplicaState all_committed = backup_state();
  all_committed.committed_next_index = all_committed.next_index;
  EXPECT_NO_THROW(assert_replica_invariants(all_committed));
}

TEST(ReplicaRules, InvariantsCatchABrokenState) {
  sim::ThrowOnInvariantFailure throwing;
  ReplicaState beyond_log = backup_state();
  beyond_log.committed_next_index = beyond_log.next_index + 1;
  EXPECT_THROW(assert_replica_invariants(beyond_log), sim::InvariantFailure);
  ReplicaState primary_of_old_epoch = primary_state();
  primary_of_old_epoch.primary_epoch = 2;
  EXPECT_THROW(assert_replica_invariants(primary_of_old_epoch), sim::InvariantFailure);
  ReplicaState primary_with_permission = primary_state();
  primary_with_permission.can_become_primary = true;
  EXPECT_THROW(assert_replica_invariants(primary_with_permission), sim::InvariantFailure);
}

// ---- Apply admission (§1.5) -------------------------------------------------------------------

TEST(ReplicaRules, ApplyIsAdmittedOnlyByAnUnsealedPrimary) {
  EXPECT_EQ(admit_apply(primary_state()), ApplyAdmission::kAdmit);

  EXPECT_EQ(admit_apply(backup_state()), ApplyAdmission::kRefuseNotPrimary);
  ReplicaState sealed_primary = primary_state();
  sealed_primary.sealed = true;
  EXPECT_EQ(admit_apply(sealed_primary), ApplyAdmission::kRefuseSealed);
  ReplicaState sealed_backup = backup_state();
  sealed_backup.sealed = true;
  EXPECT_EQ(admit_apply(sealed_backup), ApplyAdmission::kRefuseNotPrimary);
}

// ---- ApplyAsBackup (§1.6) ---------------------------------------------------------------------

TEST(ReplicaRules, BackupAcceptsExactlyNextIndexOfItsEpoch) {
  const BackupDecision decision = decide_apply_as_backup(backup_state(), 3, 10);
  EXPECT_EQ(decision.verdict, BackupVerdict::kAccept);
  EXPECT_EQ(decision.index, 10u);
}

TEST(ReplicaRules, BackupWaitsForAnEarlyArrivalOnlyInItsUnsealedEpoch) {
  const BackupDecision early = decide_apply_as_backup(backup_state(), 3, 12);
  EXPECT_EQ(early.verdict, BackupVerdict::kWait);
  EXPECT_EQ(early.index, 12u);
  // Once its predecessors are in, the same entry is taken.
  ReplicaState caught_up = backup_state();
  caught_up.next_index = 12;
  EXPECT_EQ(decide_apply_as_backup(caught_up, 3, 12).verdict, BackupVerdict::kAccept);
  // A seal or another epoch ends the wait with Stale.
  ReplicaState sealed = backup_state();
  sealed.sealed = true;
  EXPECT_EQ(decide_apply_as_backup(sealed, 3, 12).verdict, BackupVerdict::kRefuseSealed);
  ReplicaState moved_on = backup_state();
  moved_on.epoch = 4;
  EXPECT_EQ(decide_apply_as_backup(moved_on, 3, 12).verdict, BackupVerdict::kRefuseEpoch);
}

TEST(ReplicaRules, BackupRefusesOlderAndNewerEpochs) {
  for (std::uint64_t epoch : {std::uint64_t{2}, std::uint64_t{4}}) {
    for (std::uint64_t index : {std::uint64_t{5}, std::uint64_t{10}, std::uint64_t{11}}) {
      EXPECT_EQ(decide_apply_as_backup(backup_state(), epoch, index).verdict,
                BackupVerdict::kRefuseEpoch)
          << "epoch " << epoch << " index " << index;
    }
  }
}

TEST(ReplicaRules, SealedBackupRefusesEveryEntry) {
  ReplicaState sealed = backup_state();
  sealed.sealed = true;
  for (std::uint64_t index : {std::uint64_t{5}, std::uint64_t{10}, std::uint64_t{11}}) {
    EXPECT_EQ(decide_apply_as_backup(sealed, 3, index).verdict, BackupVerdict::kRefuseSealed);
  }
  // Seal first: a sealed replica says Stale even for another epoch.
  EXPECT_EQ(decide_apply_as_backup(sealed, 4, 10).verdict, BackupVerdict::kRefuseSealed);
}

TEST(ReplicaRules, BackupAcksADuplicateOnlyOnceDurable) {
  const BackupDecision duplicate = decide_apply_as_backup(backup_state(), 3, 4);
  EXPECT_EQ(duplicate.verdict, BackupVerdict::kAckDuplicateWhenDurable);
  EXPECT_EQ(duplicate.index, 4u);
  EXPECT_EQ(decide_apply_as_backup(backup_state(), 3, 9).verdict,
            BackupVerdict::kAckDuplicateWhenDurable);
}

TEST(ReplicaRules, BackupPlantedBugsChangeOnlyTheirRule) {
  ReplicaState sealed = backup_state();
  sealed.sealed = true;
  // R4: another epoch is taken if the index fits, still refused if it does not.
  const BackupPlantedBugs r4{.r4_any_epoch = true};
  EXPECT_EQ(decide_apply_as_backup(backup_state(), 2, 10, r4).verdict, BackupVerdict::kAccept);
  EXPECT_EQ(decide_apply_as_backup(backup_state(), 4, 5, r4).verdict,
            BackupVerdict::kAckDuplicateWhenDurable);
  EXPECT_EQ(decide_apply_as_backup(backup_state(), 4, 11, r4).verdict, BackupVerdict::kRefuseEpoch);
  EXPECT_EQ(decide_apply_as_backup(sealed, 2, 10, r4).verdict, BackupVerdict::kRefuseSealed);
  // R5: sealed answers None; unsealed unchanged.
  const BackupPlantedBugs r5{.r5_ack_when_sealed = true};
  EXPECT_EQ(decide_apply_as_backup(sealed, 3, 10, r5).verdict, BackupVerdict::kAckSealed);
  EXPECT_EQ(decide_apply_as_backup(backup_state(), 3, 10, r5).verdict, BackupVerdict::kAccept);
  EXPECT_EQ(decide_apply_as_backup(backup_state(), 4, 10, r5).verdict, BackupVerdict::kRefuseEpoch);
  // R6: an early arrival takes the next free slot instead of waiting.
  const BackupPlantedBugs r6{.r6_no_wait = true};
  const BackupDecision moved = decide_apply_as_backup(backup_state(), 3, 13, r6);
  EXPECT_EQ(moved.verdict, BackupVerdict::kAccept);
  EXPECT_EQ(moved.index, 10u);
  EXPECT_EQ(decide_apply_as_backup(backup_state(), 4, 13, r6).verdict, BackupVerdict::kRefuseEpoch);
  EXPECT_EQ(decide_apply_as_backup(sealed, 3, 13, r6).verdict, BackupVerdict::kRefuseSealed);
  // R7: a duplicate is answered at once; a fresh entry still accepted normally.
  const BackupPlantedBugs r7{.r7_duplicate_ack_at_once = true};
  EXPECT_EQ(decide_apply_as_backup(backup_state(), 3, 4, r7).verdict,
            BackupVerdict::kAckDuplicateAtOnce);
  EXPECT_EQ(decide_apply_as_backup(backup_state(), 3, 10, r7).verdict, BackupVerdict::kAccept);
}

// ---- SetState, GetState, BecomePrimary (§1.7) -------------------------------------------------

TEST(ReplicaRules, SetStateEntersOnlyAHigherEpochAndIsIdempotentInItsOwn) {
  EXPECT_EQ(decide_set_state(backup_state(), 4), SetStateVerdict::kEnterEpoch);
  EXPECT_EQ(decide_set_state(backup_state(), 100), SetStateVerdict::kEnterEpoch);
  EXPECT_EQ(decide_set_state(backup_state(), 3), SetStateVerdict::kAlreadyInEpoch);
  EXPECT_EQ(decide_set_state(backup_state(), 2), SetStateVerdict::kRefuseStale);
  EXPECT_EQ(decide_set_state(backup_state(), 0), SetStateVerdict::kRefuseStale);
  // Sealed or not, primary or not: only the epoch decides.
  ReplicaState sealed_primary = primary_state();
  sealed_primary.sealed = true;
  EXPECT_EQ(decide_set_state(sealed_primary, 4), SetStateVerdict::kEnterEpoch);
  EXPECT_EQ(decide_set_state(sealed_primary, 3), SetStateVerdict::kAlreadyInEpoch);
  // A fresh replica (epoch 0) enters the first epoch.
  EXPECT_EQ(decide_set_state(ReplicaState{}, 1), SetStateVerdict::kEnterEpoch);
}

TEST(ReplicaRules, SetStatePlantedBugR8ReinstallsTheSameEpochOnly) {
  EXPECT_EQ(decide_set_state(backup_state(), 3, true), SetStateVerdict::kReinstall);
  EXPECT_EQ(decide_set_state(backup_state(), 4, true), SetStateVerdict::kEnterEpoch);
  EXPECT_EQ(decide_set_state(backup_state(), 2, true), SetStateVerdict::kRefuseStale);
}

TEST(ReplicaRules, GetStateSealsForItsOwnOrALaterEpoch) {
  EXPECT_EQ(decide_get_state(backup_state(), 3), GetStateVerdict::kSealAndCopy);
  EXPECT_EQ(decide_get_state(backup_state(), 7), GetStateVerdict::kSealAndCopy);
  EXPECT_EQ(decide_get_state(backup_state(), 2), GetStateVerdict::kRefuseStale);
  // Idempotent: sealing again is allowed.
  ReplicaState sealed = backup_state();
  sealed.sealed = true;
  EXPECT_EQ(decide_get_state(sealed, 3), GetStateVerdict::kSealAndCopy);
  // R9 copies without the seal, with the same epoch rule.
  EXPECT_EQ(decide_get_state(backup_state(), 3, true), GetStateVerdict::kCopyWithoutSeal);
  EXPECT_EQ(decide_get_state(backup_state(), 2, true), GetStateVerdict::kRefuseStale);
}

TEST(ReplicaRules, BecomePrimaryOncePerEpochAndNeverAfterARestart) {
  ReplicaState entered = backup_state();  // right after SetState
  entered.can_become_primary = true;
  EXPECT_EQ(decide_become_primary(entered, 3), BecomePrimaryVerdict::kBecomePrimary);
  EXPECT_EQ(decide_become_primary(entered, 2), BecomePrimaryVerdict::kRefuseOtherEpoch);
  EXPECT_EQ(decide_become_primary(entered, 4), BecomePrimaryVerdict::kRefuseOtherEpoch);
  // After the first BecomePrimary, and after a restart: refused.
  EXPECT_EQ(decide_become_primary(primary_state(), 3), BecomePrimaryVerdict::kRefuseNotAllowed);
  EXPECT_EQ(decide_become_primary(backup_state(), 3), BecomePrimaryVerdict::kRefuseNotAllowed);
  // A BecomePrimary delayed past a later reconfiguration's seal is still accepted: the sealed
  // primary then refuses every write.
  ReplicaState sealed = entered;
  sealed.sealed = true;
  EXPECT_EQ(decide_become_primary(sealed, 3), BecomePrimaryVerdict::kBecomePrimary);
  sealed.is_primary = true;
  sealed.can_become_primary = false;
  EXPECT_EQ(admit_apply(sealed), ApplyAdmission::kRefuseSealed);
}

TEST(ReplicaRules, BecomePrimaryPlantedBugR10IgnoresThePermissionNotTheEpoch) {
  EXPECT_EQ(decide_become_primary(backup_state(), 3, true), BecomePrimaryVerdict::kBecomePrimary);
  EXPECT_EQ(decide_become_primary(primary_state(), 3, true), BecomePrimaryVerdict::kBecomePrimary);
  EXPECT_EQ(decide_become_primary(backup_state(), 4, true), BecomePrimaryVerdict::kRefuseOtherEpoch);
}

// ---- IncreaseCommitIndex (§1.8) ---------------------------------------------------------------

TEST(ReplicaRules, CommitIndexOnlyRisesAndNeverBeyondTheLog) {
  const ReplicaState state = backup_state();  // committed 8, next_index 10
  EXPECT_EQ(decide_increase_commit_index(state, 9), CommitVerdict::kRaise);
  EXPECT_EQ(decide_increase_commit_index(state, 10), CommitVerdict::kRaise);
  EXPECT_EQ(decide_increase_commit_index(state, 8), CommitVerdict::kNotHigher);
  EXPECT_EQ(decide_increase_commit_index(state, 0), CommitVerdict::kNotHigher);
  EXPECT_EQ(decide_increase_commit_index(state, 11), CommitVerdict::kBeyondLog);
  // No epoch involved: a sealed replica or one of another epoch raises the same way.
  ReplicaState sealed = state;
  sealed.sealed = true;
  sealed.epoch = 9;
  EXPECT_EQ(decide_increase_commit_index(sealed, 10), CommitVerdict::kRaise);
  // A restarted replica (committed 0) relearns it.
  ReplicaState restarted = state;
  restarted.committed_next_index = 0;
  EXPECT_EQ(decide_increase_commit_index(restarted, 8), CommitVerdict::kRaise);
  EXPECT_EQ(decide_increase_commit_index(restarted, 0), CommitVerdict::kNotHigher);
}

// ---- Leases and reads (§3.3, §3.4) ------------------------------------------------------------

TEST(ReplicaRules, LeaseIsInstalledOnlyForTheEpochItWasAskedFor) {
  const ReplicaState state = backup_state();  // epoch 3
  EXPECT_EQ(decide_lease_renewal(state, 3, true), LeaseRenewalVerdict::kInstall);
  EXPECT_EQ(decide_lease_renewal(state, 3, false), LeaseRenewalVerdict::kRetryLater);
  EXPECT_EQ(decide_lease_renewal(state, 2, true), LeaseRenewalVerdict::kAskForNewEpoch);
  EXPECT_EQ(decide_lease_renewal(state, 2, false), LeaseRenewalVerdict::kAskForNewEpoch);
  // L3 (negative control) installs a grant for the epoch it left; a refusal still is not one.
  EXPECT_EQ(decide_lease_renewal(state, 2, true, true), LeaseRenewalVerdict::kInstall);
  EXPECT_EQ(decide_lease_renewal(state, 2, false, true), LeaseRenewalVerdict::kAskForNewEpoch);
  EXPECT_EQ(decide_lease_renewal(state, 3, false, true), LeaseRenewalVerdict::kRetryLater);
}

ReplicaState leased_state(env::TimeNs expiry_ns) {
  ReplicaState state = backup_state();
  state.lease_valid = true;
  state.lease_expiration_ns = expiry_ns;
  return state;
}

TEST(ReplicaRules, LeaseReadServesIffTheUpperClockBoundIsBeforeTheLeaseEnd) {
  const env::TimeNs expiry = 1'000;
  EXPECT_EQ(decide_lease_read(leased_state(expiry), {900, 999}), LeaseReadVerdict::kServe);
  EXPECT_EQ(decide_lease_read(leased_state(expiry), {900, 1'000}), LeaseReadVerdict::kRefuseExpired);
  EXPECT_EQ(decide_lease_read(leased_state(expiry), {990, 1'010}), LeaseReadVerdict::kRefuseExpired);
  EXPECT_EQ(decide_lease_read(leased_state(expiry), {2'000, 2'010}), LeaseReadVerdict::kRefuseExpired);
  // No lease in this epoch: refused whatever the clock says.
  ReplicaState no_lease = leased_state(expiry);
  no_lease.lease_valid = false;
  EXPECT_EQ(decide_lease_read(no_lease, {0, 1}), LeaseReadVerdict::kRefuseNoLease);
  // Primary or backup, sealed or not: no difference (§3.4).
  ReplicaState sealed = leased_state(expiry);
  sealed.sealed = true;
  EXPECT_EQ(decide_lease_read(sealed, {900, 999}), LeaseReadVerdict::kServe);
}

TEST(ReplicaRules, LeaseReadPlantedBugsL1AndL2) {
  const env::TimeNs expiry = 1'000;
  // L2 compares with lo: serves while lo < expiry <= hi, where true time may be past the end.
  const LeasePlantedBugs l2{.l2_compare_lo = true};
  EXPECT_EQ(decide_lease_read(leased_state(expiry), {990, 1'010}, l2), LeaseReadVerdict::kServe);
  EXPECT_EQ(decide_lease_read(leased_state(expiry), {1'000, 1'020}, l2),
            LeaseReadVerdict::kRefuseExpired);
  // L1 never looks at the clock, but still needs a lease installed in the epoch.
  const LeasePlantedBugs l1{.l1_no_expiry_check = true};
  EXPECT_EQ(decide_lease_read(leased_state(expiry), {5'000, 5'010}, l1), LeaseReadVerdict::kServe);
  ReplicaState no_lease = leased_state(expiry);
  no_lease.lease_valid = false;
  EXPECT_EQ(decide_lease_read(no_lease, {0, 1}, l1), LeaseReadVerdict::kRefuseNoLease);
}

TEST(ReplicaRules, ReadWaitsForItsVersionToCommitInItsEpoch) {
  const ReplicaState state = backup_state();  // committed 8
  EXPECT_EQ(decide_read_commit(state, 3, 8), ReadCommitVerdict::kServe);
  EXPECT_EQ(decide_read_commit(state, 3, 0), ReadCommitVerdict::kServe);
  EXPECT_EQ(decide_read_commit(state, 3, 9), ReadCommitVerdict::kWait);
  // Left the read's epoch while waiting: Stale, even if the version is committed by now.
  EXPECT_EQ(decide_read_commit(state, 2, 9), ReadCommitVerdict::kStale);
  EXPECT_EQ(decide_read_commit(state, 2, 1), ReadCommitVerdict::kStale);
  // L4 serves at once.
  EXPECT_EQ(decide_read_commit(state, 3, 9, true), ReadCommitVerdict::kServe);
}

}  // namespace
}  // namespace grove::vrsm
