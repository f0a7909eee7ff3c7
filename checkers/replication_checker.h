// Replication and reconfiguration invariants from ghost events (protocol.md §8.1 items 1, 2,
// 4, 5 and 6; event schema in docs/ghost-events.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "traces/ghost_record.h"

namespace grove::checkers {

struct InvariantViolation {
  std::string rule;
  std::vector<std::size_t> events;  // indices into the checked events
  std::string message;
};

// The rules, by name:
//   unique-primary        two became_primary in one epoch (item 1)
//   log-agreement         two different ops accepted at the same (epoch, index) (item 2)
//   acked-write-lost      an op acknowledged at (e, i) missing from a later epoch's initial
//                         log: epoch_entered(e' > e) with next_index <= i (item 4)
//   commit-not-accepted   commit_raised(e, c) while some member of e had not accepted an index
//                         below c that the epoch itself appended (items 3, 5)
//   epoch-decreased       a replica entered an epoch <= one it had entered before (item 6)
//   accepted-after-seal   a replica accepted an entry of an epoch after it reported that epoch
//                         sealed, across crashes too (item 6)
//
// Not checked here: exactly-once (item 14). A cid_issued event marks an op applied in memory,
// which a crash may roll back and the next primary reissue legitimately; the ghost events do not
// say which issuance committed. Linearizability catches the damage of a reused client id.
std::vector<InvariantViolation> check_replication_invariants(
    const std::vector<traces::GhostRecord>& events);

}  // namespace grove::checkers
