// Clock seam (protocol.md §0.4).
#pragma once

#include "core/env/types.h"

namespace grove::env {

// An interval of possible true times. Contract: at the moment now() is called,
// lo_ns <= true time <= hi_ns. Lease holders compare against hi_ns, lease grantors against
// lo_ns (protocol.md §3.1); mixing them up is a safety bug.
struct TimeRange {
  TimeNs lo_ns;
  TimeNs hi_ns;
};

class Clock {
 public:
  virtual ~Clock() = default;

  // The node's current time interval. Never blocks on anything, but the caller may be preempted
  // just before the read (a CPU stall: other tasks run, true time moves on); the interval holds
  // true time when the call returns. Successive reads may go backwards (a clock step) within
  // the uncertainty.
  virtual TimeRange now() = 0;

  // Blocks the calling task for `duration_ns` (>= 0) of the node's own clock: a clock that runs
  // fast sleeps a little less true time (drift), so no safety rule may rest on a sleep's length.
  // A scheduling point.
  virtual void sleep(DurationNs duration_ns) = 0;
};

}  // namespace grove::env
