// Replica: leases and lease-based reads (protocol.md §3.3, §3.4), and the commit push (§1.8).
#include "core/vrsm/replica_server.h"

#include "core/env/check.h"
#include "core/rpc/gather.h"
#include "core/vrsm/replica_clerk.h"

namespace grove::vrsm {
namespace {

std::uint64_t ghost_time(env::TimeNs time_ns) {
  return time_ns < 0 ? 0 : static_cast<std::uint64_t>(time_ns);
}

}  // namespace

ApplyReply ReplicaServer::apply_ro(std::string_view op) {
  env::Lock lock(mutex_);
  // Without a lease, refuse before reading (decide_lease_read's first rule, checked early).
  if (!lease_valid_) {
    env_.ghost.emit({"read_refused", {{"epoch", sm_->epoch()}}});
    env_.ghost.cover("read_refused_no_lease");
    return ApplyReply{Err::kLeaseExpired, {}};
  }
  // Read, then the clock, then the lease check, in one critical section: the read happens at a
  // true time before the clock's upper bound, hence before the lease's end. No is_primary and
  // no sealed check: backups and sealed replicas serve.
  ReadResult read = sm_->apply_readonly(op);
  GROVE_CHECK(read.vnum <= sm_->next_index(),
              "a read's version is at most the log length (protocol.md §6.1, §6.3)");
  std::uint64_t epoch = sm_->epoch();
  env::TimeRange now = env_.clock.now();
  // Planted bug L2 (§8.2) compares the lease's end with lo, so a clock behind true time reads
  // past the end; L1 (§8.2) has no expiry check at all.
  const LeasePlantedBugs lease_bugs{.l1_no_expiry_check = env_.bugs.has(env::Bug::L1),
                                    .l2_compare_lo = env_.bugs.has(env::Bug::L2)};
  const LeaseReadVerdict lease = decide_lease_read(state_locked(), now, lease_bugs);
  GROVE_CHECK(lease != LeaseReadVerdict::kRefuseNoLease,
              "the lease seen before the read still holds after it: one critical section "
              "(protocol.md §3.4)");
  if (lease != LeaseReadVerdict::kServe) {
    env_.ghost.emit({"read_refused", {{"epoch", epoch}}});
    env_.ghost.cover("read_refused_lease_expired");
    return ApplyReply{Err::kLeaseExpired, {}};
  }
  env_.ghost.emit({"read_served",
                   {{"epoch", epoch},
                    {"expiry_ns", ghost_time(lease_expiration_ns_)},
                    {"hi_ns", ghost_time(now.hi_ns)},
                    {"key_hash", read.key_hash},
                    {"version", read.vnum}}});
  // Wait until the op that last wrote what we read is committed. Only that op, not unrelated
  // later writes. Planted bug L4 (§8.2) returns what the local state holds, committed or not.
  const bool planted_bug_l4 = env_.bugs.has(env::Bug::L4);
  env::TimeNs give_up_ns = now.lo_ns + options_.timing.apply_ro_timeout_ns;
  bool waited = false;
  for (;;) {
    switch (decide_read_commit(state_locked(), epoch, read.vnum, planted_bug_l4)) {
      case ReadCommitVerdict::kStale:
        return ApplyReply{Err::kStale, {}};
      case ReadCommitVerdict::kServe:
        return ApplyReply{Err::kNone, std::move(read.reply)};
      case ReadCommitVerdict::kWait:
        break;
    }
    if (!waited) env_.ghost.cover("read_waits_for_commit");
    waited = true;
    env::DurationNs remaining_ns = give_up_ns - env_.clock.now().lo_ns;
    if (remaining_ns <= 0 || !committed_cv_.wait_for(lock, remaining_ns)) {
      // The client gave up by now; failing is always safe.
      if (decide_read_commit(state_locked(), epoch, read.vnum, planted_bug_l4) ==
          ReadCommitVerdict::kServe) {
        continue;
      }
      env_.ghost.cover("read_commit_wait_timed_out");
      return ApplyReply{Err::kStale, {}};
    }
  }
}

void ReplicaServer::lease_renewal_loop() {
  std::uint64_t asked = 0;  // the epoch we ask about
  for (;;) {
    GetLeaseReply lease = config_clerk_.get_lease(asked);
    env::Lock lock(mutex_);
    // Installed only if still in the epoch we asked about. Planted bug L3 (§8.2), the negative
    // control, skips this check (see decide_lease_renewal for why it is believed harmless).
    switch (decide_lease_renewal(state_locked(), asked, lease.err == Err::kNone,
                                 env_.bugs.has(env::Bug::L3))) {
      case LeaseRenewalVerdict::kInstall:
        lease_expiration_ns_ = static_cast<env::TimeNs>(lease.lease_expiration_ns);
        lease_valid_ = true;
        assert_invariants_locked();
        env_.ghost.emit({"lease_granted",
                         {{"epoch", asked}, {"expiry_ns", lease.lease_expiration_ns}}});
        lock.unlock();
        env_.clock.sleep(options_.timing.lease_renew_interval_ns);
        break;
      case LeaseRenewalVerdict::kAskForNewEpoch:
        asked = sm_->epoch();  // retry at once for the new epoch
        break;
      case LeaseRenewalVerdict::kRetryLater:
        lock.unlock();  // refused: wrong epoch at the config service, or a config change pending
        env_.clock.sleep(options_.timing.lease_retry_interval_ns);
        break;
    }
  }
}

void ReplicaServer::commit_push_loop() {
  auto self = shared_from_this();
  for (;;) {
    std::uint64_t committed;
    std::vector<env::NodeId> backups;
    {
      env::Lock lock(mutex_);
      is_primary_cv_.wait(lock, [&] { return is_primary_ && !backups_.empty(); });
      committed = committed_next_index_;
      backups = backups_;
    }
    // Periodic, not only on change: a backup that crashed relearns the commit index without
    // new writes. One attempt per backup per round (see the header for why not retry-until-ok).
    auto gather = rpc::Gather<bool>::spawn(
        env_.tasks, "increase_commit", backups.size(), [self, backups, committed](std::size_t i) {
          ReplicaClerk clerk(self->env_, backups[i], self->options_.timing);
          return clerk.increase_commit(committed);
        });
    gather->wait_all();
    env_.clock.sleep(options_.timing.commit_push_interval_ns);
  }
}

}  // namespace grove::vrsm
