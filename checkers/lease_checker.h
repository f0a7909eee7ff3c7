// Lease safety of reads from ghost events (protocol.md §3.2 and §8.1 item 11; event schema in
// docs/ghost-events.md). The config-service invariants (§8.1 items 8-10) and reads against
// chosen config writes are judged from the Paxos acceptors in checkers/paxos_checker.h.
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
  bool ok() const { return violations.empty(); }
};

// The rules, by name:
//   read-after-lease-expiry     a read served at true time t >= the expiry of its lease
//   read-lease-not-installed    a read relying on a lease its node never installed
//   read-after-later-epoch      a read in epoch e after an entry was accepted or acknowledged,
//                               or a primary arose, in an epoch > e
LeaseCheckResult check_lease_safety(const std::vector<traces::GhostRecord>& events);

// "lease_granted node 2 t=1500 {epoch=1, expiry_ns=2000}".
std::string describe_ghost(const traces::GhostRecord& event);

}  // namespace grove::checkers
