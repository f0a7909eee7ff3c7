// Error codes shared by the replica and the config service (protocol.md §1.3, gokv vrsm/e).
// Expected failures are these values, never exceptions.
#pragma once

#include <cstdint>
#include <string_view>

namespace grove::vrsm {

enum class Err : std::uint64_t {
  kNone = 0,
  kStale = 1,         // wrong epoch, not primary, sealed, config write superseded, lease refused
  kOutOfOrder = 2,    // ApplyAsBackup for an index the backup cannot take now
  kTimeout = 3,       // synthesized by client stubs on RPC failure (or a malformed reply)
  kEmptyConfig = 4,   // admin asked to reconfigure to an empty server list
  kNotLeader = 5,     // config-service node is not the Paxos leader, or its round failed
  kSealed = 6,        // defined, never returned (sealing is reported as Stale)
  kLeaseExpired = 7,  // read-only op refused: no lease / lease expired
  kLeased = 8,        // defined, never returned
};

inline std::string_view err_name(Err err) {
  switch (err) {
    case Err::kNone: return "None";
    case Err::kStale: return "Stale";
    case Err::kOutOfOrder: return "OutOfOrder";
    case Err::kTimeout: return "Timeout";
    case Err::kEmptyConfig: return "EmptyConfig";
    case Err::kNotLeader: return "NotLeader";
    case Err::kSealed: return "Sealed";
    case Err::kLeaseExpired: return "LeaseExpired";
    case Err::kLeased: return "Leased";
  }
  return "Unknown";
}

// Decodes an error code from the wire; an unknown value is reported as nullopt by callers
// through this check.
inline bool valid_err(std::uint64_t value) { return value <= static_cast<std::uint64_t>(Err::kLeased); }

}  // namespace grove::vrsm
