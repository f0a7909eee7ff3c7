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

  // The node's current time interval. Not a scheduling point.
  virtual TimeRange now() = 0;

  // Blocks the calling task for `duration_ns` (>= 0) of true time. A scheduling point.
  virtual void sleep(DurationNs duration_ns) = 0;
};

}  // namespace grove::env
