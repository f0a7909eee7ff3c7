// Explaining a partition that is not linearizable: the longest linearizable prefix (with a
// witness order) and the smallest window of operations that cannot be linearized from any
// state the earlier history can leave.
#pragma once

#include <span>
#include <vector>

#include "checkers/linearizability.h"
#include "checkers/wgl_search.h"

namespace grove::checkers {

// `ops` is the partition as searched, `failed` the failed search over it (with states).
Explanation explain_violation(const traces::History& history, std::span<const SearchOp> ops,
                              const SearchResult& failed, Machine& machine,
                              const SearchBudget& budget);

}  // namespace grove::checkers
