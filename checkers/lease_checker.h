// Lease safety and config-service invariants from ghost events (protocol.md §3.2 and §8.1
// items 8-11; event schema in docs/ghost-events.md).
//
// Only facts that the protocol guarantees once they are *committed* are held against it: a
// config write counts when the same node later reports its config_committed (a deposed Paxos
// leader may decide a write that never commits, protocol.md §4.6), and epoch monotonicity is
// checked within one Paxos leadership of one node and one incarnation of it (a new leader
// adopts the majority's state, and a restarted one its durable state, either of which may lie
// below what an earlier, uncommitted decision of its own had reached).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "traces/ghost_record.h"

namespace grove::checkers {

struct LeaseViolation {
  std::string rule;                 // e.g. "read-after-lease-expiry"
  std::vector<std::size_t> events;  // indices into the checked events, the read/write first
  std::string message;              // names the times, nodes and epochs involved
};

struct LeaseCheckResult {
  std::vector<LeaseViolation> violations;
  std::size_t reads_checked = 0;
  std::size_t config_writes_checked = 0;
  bool ok() const { return violations.empty(); }
};

// The rules, by name:
//   read-after-lease-expiry     a read served at true time t >= the expiry of its lease
//   read-lease-not-installed    a read relying on a lease its node never installed
//   read-after-later-config     a read in epoch e at t, a committed config for an epoch > e
//                               written at a true time <= t
//   read-after-later-epoch      a read in epoch e after an entry was accepted or acknowledged,
//                               or a primary arose, in an epoch > e
//   epoch-above-reserved        live epoch > reserved epoch in a config-service decision
//   epoch-decreased             live or reserved epoch went down within one Paxos leadership
//   config-rewritten            an epoch's config written with two different values
//   config-write-not-reserved   a config written for an epoch that is not the reserved one
//   config-write-during-lease   a committed config for e' written at t while a lease (e < e',
//                               L > t) had been granted
LeaseCheckResult check_lease_safety(const std::vector<traces::GhostRecord>& events);

// "lease_granted node 2 t=1500 {epoch=1, expiry_ns=2000}".
std::string describe_ghost(const traces::GhostRecord& event);

}  // namespace grove::checkers
