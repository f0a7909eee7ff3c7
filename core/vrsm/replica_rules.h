// The replica's protocol rules (protocol.md §1.5-§1.8, §3.3, §3.4) as pure decisions over a
// plain copy of its protocol state, so each rule can be tested without a world, like
// paxos_state.h for Paxos. replica_server.h adds the mutex, the waiting, durability, ghost
// events and the network: a handler takes a ReplicaState under its mutex, asks the rule, and
// carries the decision out.
//
// A decision never changes state; the handler does, as the rule's comment says. Planted bugs
// (§8.2) that change a rule are explicit parameters, all false in the correct protocol.
#pragma once

#include <cstdint>

#include "core/env/clock.h"
#include "core/env/types.h"

namespace grove::vrsm {

// What the rules look at (§1.2). epoch, sealed and next_index are durable; the rest is volatile
// and starts as below after a restart.
struct ReplicaState {
  std::uint64_t epoch = 0;
  bool sealed = false;       // no more entries in `epoch`
  std::uint64_t next_index = 0;  // log length
  std::uint64_t committed_next_index = 0;  // known committed prefix length
  bool is_primary = false;
  std::uint64_t primary_epoch = 0;  // the epoch of the BecomePrimary that made it primary
  bool can_become_primary = false;  // set only by SetState: never after a restart (§1.7)
  bool lease_valid = false;         // a lease was installed in `epoch` (§3.3)
  env::TimeNs lease_expiration_ns = 0;
};

// The local invariants of every replica after every step; a broken one is a GROVE_CHECK failure
// (core/env/check.h), never an expected error:
//   committed_next_index <= next_index (§8.1 item 5);
//   a primary is in the epoch it was made primary in: SetState leaves the primary role (§1.7);
//   a primary has used up its BecomePrimary of the epoch: is_primary => !can_become_primary
//     (SetState grants the permission and ends the role, BecomePrimary flips both, a restart
//     clears both; planted bug R10 ignores the permission but still uses it up).
// Deliberately not one: "a primary is unsealed" (a BecomePrimary may arrive after a later
// reconfiguration sealed the replica, §1.7), or anything about the lease (planted bug L3, the
// negative control, installs a lease of an epoch the replica has left, and must stay quiet).
void assert_replica_invariants(const ReplicaState& state);

// ---- Apply on the primary (§1.5) -------------------------------------------------------------

enum class ApplyAdmission {
  kAdmit,             // assign next_index to the op and apply it
  kRefuseNotPrimary,  // Stale
  kRefuseSealed,      // Stale: a primary whose epoch was sealed takes no more writes
};
ApplyAdmission admit_apply(const ReplicaState& state);

// ---- ApplyAsBackup on a backup (§1.6) --------------------------------------------------------

enum class BackupVerdict {
  kWait,                     // index > next_index in the same unsealed epoch: wait, then decide
                             // again (an epoch change or a seal wakes every waiter)
  kRefuseSealed,             // Stale
  kAckSealed,                // planted bug R5: None, without applying
  kRefuseEpoch,              // Stale: an older or a newer epoch
  kAckDuplicateWhenDurable,  // index < next_index: already held (only the epoch's primary
                             // assigns indices); None once the log is durable (§1.5 item 5 fix)
  kAckDuplicateAtOnce,       // planted bug R7: None before the entry is durable here
  kAccept,                   // index == next_index: apply it, then ack once durable
};

struct BackupDecision {
  BackupVerdict verdict;
  // The index the entry is waited for or taken at: the one it was sent with, except that
  // planted bug R6 moves an early arrival to next_index.
  std::uint64_t index;
};

struct BackupPlantedBugs {
  bool r4_any_epoch = false;             // take an entry of another epoch if its index fits
  bool r5_ack_when_sealed = false;       // a sealed backup answers None
  bool r6_no_wait = false;               // an early arrival takes the next free slot
  bool r7_duplicate_ack_at_once = false; // a duplicate is answered before it is durable
};

BackupDecision decide_apply_as_backup(const ReplicaState& state, std::uint64_t epoch,
                                      std::uint64_t index, BackupPlantedBugs bugs = {});

// ---- SetState, GetState, BecomePrimary (§1.7) ------------------------------------------------

enum class SetStateVerdict {
  kRefuseStale,     // a lower epoch: never go back
  kAlreadyInEpoch,  // the same epoch: an idempotent retry, None without reinstalling
  kReinstall,       // planted bug R8: the same epoch reinstalls the snapshot
  kEnterEpoch,      // a higher epoch: install the snapshot unsealed; not primary, may become
                    // primary once, no lease; then raise the commit index to the sender's
};
SetStateVerdict decide_set_state(const ReplicaState& state, std::uint64_t epoch,
                                 bool planted_bug_r8 = false);

enum class GetStateVerdict {
  kRefuseStale,      // asked about an epoch below this replica's
  kSealAndCopy,      // seal durably (idempotent), then copy; the epoch does not change
  kCopyWithoutSeal,  // planted bug R9 (and the C1 admin's unsealed copy)
};
GetStateVerdict decide_get_state(const ReplicaState& state, std::uint64_t epoch,
                                 bool planted_bug_r9 = false);

enum class BecomePrimaryVerdict {
  kRefuseOtherEpoch,   // Stale
  kRefuseNotAllowed,   // Stale: already primary once in this epoch, or restarted in it
  kBecomePrimary,      // is_primary, and no second time in this epoch
};
// A sealed replica may still become primary (the BecomePrimary was delayed past a later
// reconfiguration's seal); it then refuses every write (admit_apply).
BecomePrimaryVerdict decide_become_primary(const ReplicaState& state, std::uint64_t epoch,
                                           bool planted_bug_r10 = false);

// ---- IncreaseCommitIndex (§1.8) --------------------------------------------------------------

enum class CommitVerdict {
  kRaise,      // committed_next_index = the new value
  kNotHigher,  // only raises (no epoch argument: a committed prefix stays committed, §1.5 item 6)
  kBeyondLog,  // never beyond this replica's log (§8.1 item 5)
};
CommitVerdict decide_increase_commit_index(const ReplicaState& state,
                                           std::uint64_t committed_next_index);

// ---- Leases and reads (§3.3, §3.4) -----------------------------------------------------------

enum class LeaseRenewalVerdict {
  kInstall,           // lease_expiration_ns = the grant, lease_valid; renew after an interval
  kAskForNewEpoch,    // the replica changed epoch meanwhile: ask again at once for its epoch
  kRetryLater,        // refused for this epoch (not live, or a config change pending)
};
// `asked_epoch` is the epoch the grant (or refusal) is for. Planted bug L3 (the negative
// control) installs a grant for an epoch the replica has left.
LeaseRenewalVerdict decide_lease_renewal(const ReplicaState& state, std::uint64_t asked_epoch,
                                         bool granted, bool planted_bug_l3 = false);

enum class LeaseReadVerdict {
  kServe,           // a lease of this epoch and true time is before its end
  kRefuseNoLease,   // LeaseExpired: no lease installed in this epoch
  kRefuseExpired,   // LeaseExpired: the lease's end is not beyond the clock's upper bound
};

struct LeasePlantedBugs {
  bool l1_no_expiry_check = false;  // any lease once granted in the epoch will do
  bool l2_compare_lo = false;       // compare the lease's end with lo instead of hi
};

// Serve iff a lease is valid and hi < lease_expiration_ns (§3.1: true time is then before the
// lease's end). `now` is read after the state was read, in the same critical section.
LeaseReadVerdict decide_lease_read(const ReplicaState& state, env::TimeRange now,
                                   LeasePlantedBugs bugs = {});

enum class ReadCommitVerdict {
  kServe,  // the op that last wrote what was read is committed
  kStale,  // the replica left the read's epoch: fail
  kWait,   // wait for the commit index to reach the read's version
};
// After a read of version `version` (a log length) in epoch `read_epoch` (§3.4). Planted bug L4
// serves at once, committed or not.
ReadCommitVerdict decide_read_commit(const ReplicaState& state, std::uint64_t read_epoch,
                                     std::uint64_t version, bool planted_bug_l4 = false);

}  // namespace grove::vrsm
