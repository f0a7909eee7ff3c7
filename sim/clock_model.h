// A node's clock: true time plus an offset that drifts, read as an interval [lo, hi].
//
// local(t) = t + offset(t), offset(t) = offset_ns + drift_ppm * (t - set_at_ns) / 1e6.
// In safe mode the offset is clamped to [-uncertainty, +uncertainty], so the interval
// [local - uncertainty, local + uncertainty] always contains true time (protocol.md §0.4).
// In unsafe mode (the L6 fault) it is not clamped, and the contract can break.
//
// A step (World::step_clock) moves the offset at once, within [-uncertainty, +uncertainty] in
// safe mode: the clock jumps backwards or forwards (NTP stepping), and reads stay honest.
// Sleeps and timeouts run on the node's own oscillator: true_duration() stretches them by the
// drift (a clock that runs fast sleeps less true time). The clamp models a clock discipline
// that keeps the offset bounded; it does not slow the oscillator, so it does not change sleeps.
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

  // The true time a sleep of `local_ns` on this clock lasts: local_ns * 1e6 / (1e6 + drift),
  // rounded up, never negative. Drift is bounded below so a clock never stops.
  env::DurationNs true_duration(env::DurationNs local_ns) const {
    if (drift_ppm == 0 || local_ns <= 0) return local_ns;
    const Int128 rate = 1'000'000 + std::max<std::int64_t>(drift_ppm, -900'000);
    return static_cast<env::DurationNs>((static_cast<Int128>(local_ns) * 1'000'000 + rate - 1) / rate);
  }

  env::TimeRange read(env::TimeNs true_ns, bool unsafe) const {
    const env::TimeNs local = true_ns + offset_at(true_ns, unsafe);
    return env::TimeRange{local - uncertainty_ns, local + uncertainty_ns};
  }
};

}  // namespace grove::sim
