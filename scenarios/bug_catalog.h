// The catalogue of planted bugs (protocol.md §8.2): for each flag, what it breaks, the built-in
// scenario expected to find it and the checker expected to fire. `grovesim bugs` prints it and
// `grovesim hunt` uses it to pick a scenario and to decide whether a failing seed found the bug.
//
// A bug counts as found by a seed only through the kind of check it breaks: a safety bug by a
// safety checker (linearizability, lease, replication, the app checkers), a liveness-only bug by
// the liveness check. A safety bug that merely stalls a run has not been found.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/env/bugs.h"
#include "scenarios/runner.h"

namespace grove::scenarios {

struct BugInfo {
  std::string_view id;              // "R1"; also the --bug name
  std::optional<env::Bug> flag;     // nullopt for L6, which is a scenario, not a flag
  std::string_view family;          // replication | reconfiguration | lease | paxos | storage |
                                    // exactly-once | application
  std::string_view breaks;          // one line: what goes wrong
  std::string_view scenario;        // the built-in scenario expected to find it
  std::string_view checker;         // checker (and rule) expected to fire
  bool negative_control = false;    // L3: the checkers must NOT fire
  bool liveness_only = false;       // A7: found by the liveness check only
};

// Every bug of §8.2 in catalogue order (R, C, L, P, S, E, A), L6 after L5.
const std::vector<BugInfo>& bug_catalog();

// nullptr if `id` names no bug.
const BugInfo* find_bug(std::string_view id);

// The default scenario of what the bug lives in, a generic swarm of every safe fault kind:
// "cachekv", "lock" or "bank" for an application bug, "vkv" for a protocol bug. A bug without
// a flag (L6) is its own scenario.
std::string_view generic_scenario(const BugInfo& bug);

// Liveness evidence: the after-heal progress check, or a bounded-progress rule.
bool is_liveness(const Violation& violation);

// Whether `violation` is the kind of evidence that finds `bug` (see the header comment).
bool finds(const BugInfo& bug, const Violation& violation);

}  // namespace grove::scenarios
