// Lock mutual exclusion in true time (protocol.md §7.3, §8.1 item 16), for locks with leases.
//
// A possession is one grant of a lock to a holder (an acquisition, a takeover of an expired
// lease, or a renewal): it starts when the grant returned to the holder and ends at the first of
//   - the holder's release (when its unlock was invoked), and
//   - the true time at which the holder's own clock said the lease had expired (hi >= lease),
//     after which a correct holder no longer relies on the lock.
// Rules:
//   two-holders            possessions of one key by two holders overlap in true time
//   reacquired-held-lock   a holder acquired (not renewed) a lock during its own possession
// Pure: knows nothing of the simulator or the protocol code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checkers/apps/app_violation.h"
#include "traces/history.h"

namespace grove::checkers::apps {

struct LockPossession {
  std::uint64_t holder = 0;      // a holder identity, unique per client incarnation
  std::string key;
  std::int64_t start_ns = 0;     // the grant returned (true time)
  std::int64_t lease_end_ns = traces::kNoReturn;  // holder's clock said expired (true time)
  std::int64_t release_ns = traces::kNoReturn;    // unlock invoked (true time)
  bool renewal = false;

  std::int64_t end_ns() const { return lease_end_ns < release_ns ? lease_end_ns : release_ns; }
};

AppCheckResult check_lock_mutual_exclusion(const std::vector<LockPossession>& possessions);

}  // namespace grove::checkers::apps
