// Every coverage mark (Ghost::cover, STYLE.md): a rare protocol path worth knowing that a run
// reached. One list, so a campaign can report the marks no seed reached (count 0) and the
// simulator can refuse a mark that is not in it (a typo would otherwise count nothing). Sorted.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace grove::env {

inline constexpr std::array<std::string_view, 44> kCoverageMarks = {
    "admin_become_primary_retry",
    "admin_reconfigure_retry",
    "admin_seals_another_old_member",
    "apply_refused_primary_sealed",
    "backup_duplicate_index_waits_durable",
    "backup_refuses_sealed",
    "backup_waits_for_earlier_index",
    "bank_account_restored",
    "bank_intent_aborted_by_taker",
    "bank_intent_fenced",
    "bank_lock_taken_over",
    "bank_restore_already_settled",
    "bank_transfer_aborted",
    "become_primary_refused",
    "cachekv_cache_entry_expired",
    "cachekv_get_and_cache_retry",
    "cachekv_put_retry",
    "cachekv_put_waits_for_lease",
    "config_clerk_reserve_retry",
    "config_malformed_request",
    "config_write_waits_for_lease",
    "exactly_once_cid_retry",
    "exactly_once_malformed_op",
    "exactly_once_malformed_readonly_op",
    "lock_cond_put_lost_race",
    "lock_renew_lost",
    "lock_taken_over_after_lease",
    "lock_unlock_after_takeover",
    "paxos_election_lost",
    "paxos_election_overtaken",
    "paxos_leader_steps_down",
    "paxos_malformed_request",
    "paxos_state_corrupt",
    "primary_retries_backup",
    "primary_steps_down",
    "read_commit_wait_timed_out",
    "read_refused_lease_expired",
    "read_refused_no_lease",
    "read_waits_for_commit",
    "replica_malformed_request",
    "set_state_malformed_snapshot",
    "set_state_same_epoch",
    "storage_log_header_corrupt",
    "storage_torn_tail_dropped",
};

static_assert(std::is_sorted(kCoverageMarks.begin(), kCoverageMarks.end()));
static_assert(std::adjacent_find(kCoverageMarks.begin(), kCoverageMarks.end()) == kCoverageMarks.end());

inline bool is_coverage_mark(std::string_view name) {
  return std::binary_search(kCoverageMarks.begin(), kCoverageMarks.end(), name);
}

}  // namespace grove::env
