// The state-machine interfaces of the vRSM stack (protocol.md §6.1).
//
//   replica ──> DurableStateMachine (durable_state_machine.h: log + seal + snapshots)
//                 ──> InMemoryStateMachine (exactly_once.h: dedup tables)
//                       ──> VersionedStateMachine (the application, e.g. apps/vkv)
//
// None of these is thread-safe: the replica calls them under its own mutex.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/env/types.h"

namespace grove::vrsm {

using env::Bytes;

struct ReadResult {
  // A log length >= the length right after the last op that changed what the read depends on,
  // and <= the current log length (§6.1). Too small is a safety bug; too large only delays.
  std::uint64_t vnum = 0;
  Bytes reply;
  // FNV-1a of the key read, for the read_served ghost event (0 if the app has no keys).
  std::uint64_t key_hash = 0;
};

// The application (§6.1 VersionedStateMachine).
class VersionedStateMachine {
 public:
  virtual ~VersionedStateMachine() = default;
  // Applies a logged op. `vnum` = log length after this op (index + 1): the tag of every key it
  // changes (§6.3). A malformed op must change nothing and reply deterministically.
  virtual Bytes apply_volatile(std::string_view op, std::uint64_t vnum) = 0;
  virtual ReadResult apply_readonly(std::string_view op) = 0;
  // Serialized state, maps in sorted key order (§0.1).
  virtual Bytes get_state() = 0;
  // Installs a snapshot and conservatively tags everything with `next_index` (§6.3).
  // Returns false, changing nothing, if the snapshot is malformed.
  virtual bool set_state(std::string_view snapshot, std::uint64_t next_index) = 0;
};

// What the durable log drives (§6.1 InMemoryStateMachine).
class InMemoryStateMachine {
 public:
  virtual ~InMemoryStateMachine() = default;
  virtual Bytes apply_volatile(std::string_view op) = 0;
  virtual ReadResult apply_readonly(std::string_view op) = 0;
  virtual Bytes get_state() = 0;
  // Returns false, changing nothing, if the snapshot is malformed.
  virtual bool set_state(std::string_view snapshot, std::uint64_t next_index) = 0;
  // While true, ops are re-executed from the durable log during recovery: effects are the same,
  // but facts already reported (ghost events such as cid_issued) are not reported again.
  virtual void set_replaying(bool replaying) = 0;
};

}  // namespace grove::vrsm
