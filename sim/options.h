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
  // A late duplicate: an extra copy of the message, delivered after a long delay drawn
  // uniformly from [late_duplicate_min_ns, late_duplicate_max_ns] (a packet stuck in a router
  // queue or a retransmission buffer). Long enough to outlive a crash and restart of either end.
  std::uint32_t late_duplicate_ppm = 0;
  DurationNs late_duplicate_min_ns = 100 * env::kMillisecond;
  DurationNs late_duplicate_max_ns = 800 * env::kMillisecond;
  // Stale delivery: a message whose sender crashed after sending it, or whose receiver
  // restarted since it was sent, is still delivered with this probability (it was already on
  // the wire); otherwise it vanishes. The new incarnation then sees an old request, or a reply
  // for a call it no longer has (dropped: call ids are never reused).
  std::uint32_t stale_delivery_ppm = 0;
};

struct DiskOptions {
  // Latency of every disk operation: min + uniform [0, jitter].
  DurationNs min_latency_ns = 50 * env::kMicrosecond;
  DurationNs jitter_ns = 100 * env::kMicrosecond;
  // When a node crashes during an append, probability (ppm) that a strict prefix of the
  // appended bytes survives (a torn tail) rather than none of them.
  std::uint32_t torn_append_ppm = 0;
  // A stall: a write or append takes an extra delay drawn uniformly from
  // [stall_min_ns, stall_max_ns] with this probability (an fsync stuck behind a full device
  // queue or a journal commit). The node's later operations queue behind it (FIFO).
  std::uint32_t stall_ppm = 0;
  DurationNs stall_min_ns = 20 * env::kMillisecond;
  DurationNs stall_max_ns = 300 * env::kMillisecond;
  // The commit delay the disk asks of a log's flusher (env::Disk::group_commit_delay_ns; `grovesim
  // serve` uses 2 ms). 0: every batch at once, as every built-in scenario runs.
  DurationNs group_commit_delay_ns = 0;
};

// Preemption (CPU stalls, GC pauses): at every seam call of a task (a clock read, a mutex lock,
// an RPC send, a disk call, and right after a wake-up) the task may be held for a drawn virtual
// time while the node's other tasks run (sim/preemption.h). It makes the windows between "read the
// clock, then act" and "check, then act" real: without it those steps take no time and nothing
// runs in between unless the task blocks.
struct PreemptionOptions {
  std::uint32_t stall_ppm = 0;  // probability per seam call
  DurationNs min_delay_ns = 100 * env::kMicrosecond;
  DurationNs max_delay_ns = 20 * env::kMillisecond;
  // Probability that a condition-variable wait returns without a notify (a spurious wake-up),
  // after a short delay. Protocol code must re-check its condition in a loop.
  std::uint32_t spurious_wakeup_ppm = 0;
};

struct ClockOptions {
  // Default advertised uncertainty (eps) of every node's clock.
  DurationNs uncertainty_ns = 10 * env::kMillisecond;
  // Sleeps and timeouts last a duration of the node's own clock: with drift d ppm, a sleep of
  // s lasts s * 1e6 / (1e6 + d) of true time (a fast clock sleeps less), as a
  // timer on a real machine counts its own oscillator. Off: sleeps last true time.
  bool drift_stretches_sleeps = true;
};

struct WorldOptions {
  std::uint64_t seed = 1;
  NetworkOptions network;
  DiskOptions disk;
  ClockOptions clock;
  PreemptionOptions preemption;
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
