// The linearizability verdict of a vKV client history (model "kv"), shared by simulated runs
// (scenarios/runner.cpp) and real campaigns (scenarios/real/real_campaign.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checkers/linearizability.h"
#include "scenarios/violation.h"
#include "traces/history.h"

namespace grove::scenarios {

enum class RunVerdict;

struct KvCheck {
  checkers::LinearizabilityResult result;
  RunVerdict verdict;               // of this check alone: kFail, kInconclusive or kPass
  std::string inconclusive_reason;  // kInconclusive: which budget ran out, for people
};

// Checks `history` within `max_steps` search steps; a violation found is appended to
// `violations` (checker "linearizability").
KvCheck check_kv_history(const traces::History& history, std::uint64_t max_steps,
                         std::vector<Violation>& violations);

}  // namespace grove::scenarios
