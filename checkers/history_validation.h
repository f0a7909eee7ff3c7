// Checks a history must pass before a linearizability verdict means anything. One client is
// one thread: its operations never overlap in time. An overlap (or a duplicated block of
// operations, which overlaps itself) is a malformed history, not a harder search: without this
// rule a pasted-twice history makes the checker explore a huge space and say nothing useful.
#pragma once

#include <optional>
#include <string>

#include "checkers/linearizability.h"
#include "traces/history.h"

namespace grove::checkers {

// The first operation that starts before an earlier operation of the same client returned,
// described with both operations ("operation #12 of client 3 ... invoked at ... before its
// operation #9 ... returned at ..."); nullopt if none. An operation with an unknown outcome
// (no return) ends nothing: the client moved on without its answer, and may call again.
std::optional<std::string> find_client_overlap(const traces::History& history);

}  // namespace grove::checkers
