// The protocol steps a crash can follow (faults.crash_after): every ghost event kind of
// docs/ghost-events.md, and the two durable disk operations. Parsed once from scenario files
// (an unknown name is a scenario error) and matched against trace events as an enum.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "traces/trace_event.h"

namespace grove::scenarios {

enum class StepEvent : std::uint8_t {
  // Replica (protocol.md §1)
  kEpochEntered,
  kSealed,
  kBecamePrimary,
  kEntryAccepted,
  kEntryDurable,
  kApplyAcked,
  kCommitRaised,
  kLeaseGranted,
  kReadServed,
  kReadRefused,
  kCidIssued,
  // Config service (§2, §4)
  kEpochReserved,
  kLeaseIssued,
  kConfigWrite,
  kConfigCommitted,
  kPaxosPromised,
  kPaxosAccepted,
  kPaxosLeader,
  kPaxosRecovered,
  // Disk: a durable whole-file write / append just completed.
  kDiskWrite,
  kDiskAppend,
};

// The name used in scenario files and trace labels ("apply_acked", "disk_write", ...).
std::string_view step_event_name(StepEvent event);
std::optional<StepEvent> parse_step_event(std::string_view name);
// Every step event's name, in enum order (for error messages).
const std::vector<std::string_view>& step_event_names();
// The step a trace event records: a ghost event of a known kind, or a completed durable disk
// write or append; nullopt for anything else.
std::optional<StepEvent> step_event_of(const traces::TraceEvent& event);

}  // namespace grove::scenarios
