// Data-driven checker tests in the style of etcd raft's testdata: a text file of ghost events,
// a line "----", then the violations every ghost checker reports on them (the golden output).
//
//   # what the case shows (comment lines start with #)
//   10 n1 became_primary epoch=1
//   20 n1 entry_accepted epoch=1 index=0 op_hash=7
//   ----
//   replication/unique-primary at #3 (events 0 3): two primaries in epoch 1: ...
//
// An event line is: true time in ns, "n" and the node, the kind, then every field of the kind
// (traces/ghost_schema.cpp) as name=value in schema order. "no violations" stands for none.
#pragma once

#include <string>
#include <vector>

#include "traces/ghost_record.h"

namespace grove::testing {

struct GhostCase {
  std::vector<traces::GhostRecord> events;
  std::string expected;  // the text after "----"
  std::string error;     // a malformed case file: FILE:LINE: message
};

GhostCase parse_ghost_case(const std::string& path, const std::string& text);

// What every ghost checker (replication, paxos/config, lease) reports, one line per violation.
std::string run_ghost_checkers(const std::vector<traces::GhostRecord>& events);

}  // namespace grove::testing
