// Knobs of the simulated world. Defaults are a healthy LAN-like world with no faults.
#pragma once

#include <cstdint>

#include "core/env/types.h"

namespace grove::sim {

using env::DurationNs;

struct NetworkOptions {
  // Delay of every message: min_delay_ns + an exponential tail with mean tail_mean_ns.
  DurationNs min_delay_ns = 100 * env::kMicrosecond;
  DurationNs tail_mean_ns = 200 * env::kMicrosecond;
  // Probabilities per message, in parts per million (0..1'000'000).
  std::uint32_t drop_ppm = 0;
  std::uint32_t duplicate_ppm = 0;
  // A reordered message gets an extra delay drawn uniformly from [0, reorder_delay_ns].
  std::uint32_t reorder_ppm = 0;
  DurationNs reorder_delay_ns = 5 * env::kMillisecond;
};

struct DiskOptions {
  // Latency of every disk operation: min + uniform [0, jitter].
  DurationNs min_latency_ns = 50 * env::kMicrosecond;
  DurationNs jitter_ns = 100 * env::kMicrosecond;
  // When a node crashes during an append, probability (ppm) that a strict prefix of the
  // appended bytes survives (a torn tail) rather than none of them.
  std::uint32_t torn_append_ppm = 0;
};

struct ClockOptions {
  // Default advertised uncertainty (eps) of every node's clock.
  DurationNs uncertainty_ns = 10 * env::kMillisecond;
};

struct WorldOptions {
  std::uint64_t seed = 1;
  NetworkOptions network;
  DiskOptions disk;
  ClockOptions clock;
  // Fiber stack size. 64 KiB: protocol handlers are shallow (no recursion), and only touched
  // pages cost memory, so 10,000 idle fibers take ~45 MiB of RSS (see docs/simulator.md).
  std::size_t stack_size_bytes = 64 * 1024;
  // Keep every ghost event as a GhostRecord for the checkers (World::ghosts()).
  bool keep_ghosts = true;
  // Record a kSchedule trace event at every context switch (costly but fine-grained).
  bool trace_schedule = true;
  // A run whose virtual time does not move for this many steps is spinning (a task polls
  // without ever blocking on time): World::run_* then throws instead of hanging. 0: no limit.
  std::uint64_t max_steps_without_time_advance = 50'000'000;
};

}  // namespace grove::sim
