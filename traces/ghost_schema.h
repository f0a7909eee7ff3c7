// The one table of ghost event kinds and their fields (docs/ghost-events.md), in emission
// order. The simulator refuses an event that does not match it (a missing, extra or misspelt
// field is a bug in core/, reported with the kind's name), and the ghost readers validate files
// against it, so checkers may read every field of a kind without a fallback.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "traces/json_reader.h"

namespace grove::traces {

enum class GhostKind : std::uint8_t {
  kEpochEntered,
  kSealed,
  kBecamePrimary,
  kEntryAccepted,
  kEntryDurable,
  kBackupAcked,
  kApplyAcked,
  kCommitRaised,
  kReplicaRecovered,
  kLeaseGranted,
  kReadServed,
  kReadRefused,
  kEpochReserved,
  kLeaseIssued,
  kConfigWrite,
  kConfigCommitted,
  kConfigProposed,
  kPaxosPromised,
  kPaxosAccepted,
  kPaxosLeader,
  kPaxosRecovered,
  kCidIssued,
  kRequestExecuted,
  kRequestDeduplicated,
  kStateCopied,
  kCount
};

struct GhostSchema {
  static constexpr std::size_t kMaxFields = 8;
  GhostKind kind;
  std::string_view name;
  std::size_t field_count;
  std::string_view fields[kMaxFields];
};

// Every kind, indexed by GhostKind.
const GhostSchema& ghost_schema(GhostKind kind);
std::optional<GhostKind> parse_ghost_kind(std::string_view name);

// "" if `names` (in order) are exactly the fields of `kind`, else what is wrong, e.g.
// "ghost event entry_accepted: missing field \"op_hash\"".
template <typename NameRange>
std::string ghost_fields_error(const GhostSchema& schema, const NameRange& names);

// The position of `field` in `kind`'s fields; aborts (a checker bug) if it has no such field.
std::size_t ghost_field_position(GhostKind kind, std::string_view field);

template <typename NameRange>
std::string ghost_fields_error(const GhostSchema& schema, const NameRange& names) {
  std::size_t i = 0;
  for (const auto& name : names) {
    if (i >= schema.field_count) {
      return "ghost event " + std::string(schema.name) + ": extra field " +
             quoted_for_message(name);
    }
    if (std::string_view(name) != schema.fields[i]) {
      // The name comes from a trace file: quoted escaped, so the message stays one line.
      return "ghost event " + std::string(schema.name) + ": field " + std::to_string(i + 1) +
             " is " + quoted_for_message(name) + ", expected \"" +
             std::string(schema.fields[i]) + "\"";
    }
    ++i;
  }
  if (i < schema.field_count) {
    return "ghost event " + std::string(schema.name) + ": missing field \"" +
           std::string(schema.fields[i]) + "\"";
  }
  return "";
}

}  // namespace grove::traces
