// The protocol checkers over ghost logs written by real processes (runtime/process_env.h):
// every node's JSONL file, merged into one stream ordered by true time (the realtime clock all
// processes on one machine share; ties by node and line), then the same checkers as a
// simulated run (scenarios/protocol_checks.h): replication, exactly-once, Paxos, config, lease.
#pragma once

#include <string>
#include <vector>

#include "scenarios/violation.h"
#include "traces/ghost_record.h"

namespace grove::scenarios {

struct GhostLogLoad {
  std::vector<traces::GhostRecord> events;  // merged, trace_index = position
  std::string error;                        // a file that does not parse ("" if all did)
};

// Missing files are skipped (a node that never started writes none).
GhostLogLoad load_ghost_logs(const std::vector<std::string>& paths);

// Appends every violation the checkers find in `events` (one cluster's stream).
void check_ghost_events(const std::vector<traces::GhostRecord>& events,
                        std::vector<Violation>& violations);

}  // namespace grove::scenarios
