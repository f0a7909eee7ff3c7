// The smoke scenario: a small echo cluster under network faults and crashes.
//
// It exercises every part of the simulator (fibers, timers, RPC with loss, duplication and
// reordering, partitions, crash/restart with disk recovery, clock skew) without the Grove
// protocol. Used by the simulator's determinism tests, the benchmarks and `grovesim run
// --scenario smoke`.
#pragma once

#include <cstdint>

#include "sim/options.h"

namespace grove::sim {
class World;
}

namespace grove::scenarios {

struct SmokeResult {
  std::uint64_t trace_hash = 0;
  std::uint64_t events = 0;
  std::uint64_t calls_ok = 0;
  std::uint64_t calls_timed_out = 0;
  std::uint64_t restarts = 0;
  std::int64_t sim_time_ns = 0;
  std::uint64_t choice_fingerprint = 0;
};

struct SmokeOptions {
  std::uint64_t seed = 1;
  int servers = 3;
  int clients = 3;
  std::int64_t duration_ns = 2'000'000'000;  // 2 s of simulated time
  bool faults = true;
};

// Builds the cluster in `world` (which must be empty) and runs it for options.duration_ns.
SmokeResult run_smoke(sim::World& world, const SmokeOptions& options);

// Convenience: a fresh world from options.seed with lossy network options.
SmokeResult run_smoke(const SmokeOptions& options);
sim::WorldOptions smoke_world_options(std::uint64_t seed, bool faults);

}  // namespace grove::scenarios
