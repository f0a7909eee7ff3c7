// Timing constants of the protocol (protocol.md §9 item 9, §1.4, §2.2, §4.3).
//
// Defaults are the Go ones. Only liveness depends on them, with one exception: the lease
// interval must stay well above the clocks' advertised uncertainty or no read is ever served
// (§3.5). Simulated runs are short, so scenarios shorten some of them (e.g. the admin's 10 s
// GetState/SetState timeouts).
#pragma once

#include "core/env/types.h"

namespace grove::vrsm {

using env::DurationNs;
using env::kMillisecond;
using env::kSecond;

struct Timing {
  // §3: leases.
  DurationNs lease_interval_ns = 1 * kSecond;
  DurationNs lease_renew_interval_ns = 250 * kMillisecond;
  DurationNs lease_retry_interval_ns = 50 * kMillisecond;

  // §1.8: commit-index push.
  DurationNs commit_push_interval_ns = 5 * kMillisecond;

  // §2.4: client clerk.
  DurationNs client_write_retry_ns = 100 * kMillisecond;
  DurationNs client_read_retry_min_ns = 5 * kMillisecond;
  DurationNs client_read_retry_jitter_ns = 10 * kMillisecond;  // sleep min + [0, jitter)
  DurationNs preferred_replica_refresh_ns = 1 * kSecond;

  // §1.4: replica RPC timeouts.
  DurationNs apply_as_backup_timeout_ns = 1 * kSecond;
  DurationNs set_state_timeout_ns = 10 * kSecond;
  DurationNs get_state_timeout_ns = 10 * kSecond;
  DurationNs become_primary_timeout_ns = 100 * kMillisecond;
  DurationNs apply_timeout_ns = 5 * kSecond;
  DurationNs apply_ro_timeout_ns = 1 * kSecond;
  DurationNs increase_commit_timeout_ns = 100 * kMillisecond;

  // §2.2: config clerk (gokv configservice/client.go).
  DurationNs config_call_timeout_ns = 100 * kMillisecond;
  DurationNs try_write_config_timeout_ns = 2 * kSecond;  // the server may wait out a lease
  // Not in Go: pause after a full round over every config server failed, so a leaderless
  // config service is not hammered in a tight loop (liveness only).
  DurationNs config_retry_backoff_ns = 10 * kMillisecond;

  // §4.3: Paxos internal calls.
  DurationNs paxos_call_timeout_ns = 500 * kMillisecond;
};

}  // namespace grove::vrsm
