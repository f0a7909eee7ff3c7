// Bank conservation (protocol.md §7.4, §8.1 item 17) over the bank history (bank_history.h).
// Rules:
//   audit-total            a completed audit's balances do not sum to the total
//   balance-underflow      an audit saw a balance above the total (a u64 wrapped below zero,
//                          which a wrapped sum could otherwise hide)
//   audit-malformed        an audit output that is not "name=u64 ..."
//   init-twice             more than one init reported that it put the total in
//   no-audit-after-heal    (heal_ns set) no audit invoked after the heal completed: some account
//                          could not be locked again
//   slow-operation         (progress_bound_ns set) an op invoked at or after bounded_from_ns
//                          took longer than the bound, or was still pending that long before
//                          end_ns: a deadlock resolved only by lease expiry, or none at all (A7)
//   bank-not-linearizable  (linearizability on) the history is not linearizable against the
//                          "bank" model
// Pure: knows nothing of the simulator or the protocol code.
#pragma once

#include <cstdint>

#include "checkers/apps/app_violation.h"
#include "checkers/linearizability.h"
#include "traces/history.h"

namespace grove::checkers::apps {

struct BankCheckOptions {
  std::uint64_t total = 1000;
  std::int64_t heal_ns = -1;
  std::int64_t progress_bound_ns = 0;
  // Only ops invoked at or after this are bounded (a run's fault-free steady round).
  std::int64_t bounded_from_ns = 0;
  std::int64_t end_ns = traces::kNoReturn;
  bool linearizability = true;
  LinearizabilityOptions linearizability_options;
};

AppCheckResult check_bank(const traces::History& history, const BankCheckOptions& options = {});

}  // namespace grove::checkers::apps
