// A node's clock: true time plus an offset that drifts, read as an interval [lo, hi].
//
// local(t) = t + offset(t), offset(t) = offset_ns + drift_ppm * (t - set_at_ns) / 1e6.
// In safe mode the offset is clamped to [-uncertainty, +uncertainty], so the interval
// [local - uncertainty, local + uncertainty] always contains true time (protocol.md §0.4).
// In unsafe mode (the L6 fault) it is not clamped, and the contract can break.
#pragma once

#include <algorithm>
#include <cstdint>

#include "core/env/clock.h"
#include "sim/wide_int.h"

namespace grove::sim {

struct ClockModel {
  std::int64_t offset_ns = 0;
  std::int64_t drift_ppm = 0;
  env::TimeNs set_at_ns = 0;  // true time when offset/drift were set
  env::DurationNs uncertainty_ns = 0;

  std::int64_t offset_at(env::TimeNs true_ns, bool unsafe) const {
    // 128-bit to keep drift * elapsed exact for any run length.
    const Int128 drift = static_cast<Int128>(drift_ppm) * (true_ns - set_at_ns) / 1'000'000;
    Int128 offset = offset_ns + drift;
    if (!unsafe) {
      offset = std::clamp<Int128>(offset, -uncertainty_ns, uncertainty_ns);
    }
    return static_cast<std::int64_t>(offset);
  }

  env::TimeRange read(env::TimeNs true_ns, bool unsafe) const {
    const env::TimeNs local = true_ns + offset_at(true_ns, unsafe);
    return env::TimeRange{local - uncertainty_ns, local + uncertainty_ns};
  }
};

}  // namespace grove::sim
