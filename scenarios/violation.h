// A finding of a run: which checker, which of its rules, and where in the trace it became true.
#pragma once

#include <cstdint>
#include <string>

#include "traces/ghost_record.h"

namespace grove::scenarios {

struct Violation {
  // linearizability | lease | replication | exactly-once | paxos | config | liveness | assert
  // | an application's checker
  std::string checker;
  std::string rule;
  std::string message;
  // The trace event at which the violation became true (protocol checkers and assertions).
  std::uint64_t trace_index = traces::kNoTraceIndex;
  std::int64_t time_ns = -1;  // its true time
};

}  // namespace grove::scenarios
