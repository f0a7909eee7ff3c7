// Disk seam (protocol.md §0.3). Every call is a scheduling point and durable on return.
#pragma once

#include <string_view>

#include "core/env/types.h"

namespace grove::env {

class Disk {
 public:
  virtual ~Disk() = default;

  // The current durable contents of `name`, or empty if it does not exist.
  virtual Bytes read(std::string_view name) = 0;

  // Replaces the whole file. Crash-atomic: after a crash the file holds either the old or the new
  // contents, never a mix. Durable when it returns.
  virtual void write_atomic(std::string_view name, std::string_view data) = 0;

  // Appends `data`. Durable when it returns. If the node crashes during the call, the appended
  // chunk may be lost entirely or, when the disk model tears appends, only a prefix of it may
  // survive: logs must frame records so a torn tail is detectable (protocol.md §5.2).
  virtual void append(std::string_view name, std::string_view data) = 0;

  // How long an append-only file's flusher waits, when appends are arriving concurrently, for
  // more of them to join one durable append (a commit delay, as PostgreSQL's commit_delay).
  // Fewer, larger syncs for more latency; durability is unchanged (a waiter still returns only
  // after the append that covers it). 0: take each batch at once (the simulator's disk).
  virtual DurationNs group_commit_delay_ns() { return 0; }
};

}  // namespace grove::env
