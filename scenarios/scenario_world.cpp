#include "scenarios/scenario_world.h"

#include <cmath>

#include "scenarios/swarm.h"
#include "sim/network_model.h"
#include "sim/preemption.h"

namespace grove::scenarios {

namespace {

std::uint32_t ppm(double probability) {
  return static_cast<std::uint32_t>(std::lround(probability * 1e6));
}

env::DurationNs ms_to_ns(double ms) { return static_cast<env::DurationNs>(ms * 1e6); }

}  // namespace

sim::WorldOptions scenario_world_options(const Scenario& drawn, std::uint64_t seed) {
  const Faults& faults = drawn.faults;
  sim::WorldOptions options;
  options.seed = seed;
  options.trace_schedule = true;
  options.clock.uncertainty_ns = ms_to_ns(clock_uncertainty_ms(drawn));
  options.clock.drift_stretches_sleeps = faults.clock.drift_stretches_sleeps;
  const FaultNetwork& network = faults.network;
  options.network.min_delay_ns = static_cast<env::DurationNs>(network.min_delay_us * 1e3);
  options.network.tail_mean_ns = static_cast<env::DurationNs>(network.tail_mean_us * 1e3);
  options.network.drop_ppm = ppm(network.drop);
  options.network.duplicate_ppm = ppm(network.duplicate);
  options.network.reorder_ppm = ppm(network.reorder);
  options.network.reorder_delay_ns = ms_to_ns(network.reorder_ms);
  options.network.late_duplicate_ppm = ppm(network.late_duplicate);
  options.network.late_duplicate_min_ns = ms_to_ns(network.late_duplicate_ms.min);
  options.network.late_duplicate_max_ns = ms_to_ns(network.late_duplicate_ms.max);
  options.network.stale_delivery_ppm = ppm(network.stale_delivery);
  options.disk.torn_append_ppm = ppm(faults.torn_append);
  options.disk.min_latency_ns = static_cast<env::DurationNs>(faults.disk.min_latency_us * 1e3);
  options.disk.jitter_ns = static_cast<env::DurationNs>(faults.disk.jitter_us * 1e3);
  options.disk.stall_ppm = ppm(faults.disk.stall);
  options.disk.stall_min_ns = ms_to_ns(faults.disk.stall_ms.min);
  options.disk.stall_max_ns = ms_to_ns(faults.disk.stall_ms.max);
  options.disk.group_commit_delay_ns = static_cast<env::DurationNs>(faults.disk.group_commit_delay_us * 1e3);
  options.preemption.stall_ppm = ppm(faults.preempt.probability);
  options.preemption.min_delay_ns = ms_to_ns(faults.preempt.delay_ms.min);
  options.preemption.max_delay_ns = ms_to_ns(faults.preempt.delay_ms.max);
  options.preemption.spurious_wakeup_ppm = ppm(faults.preempt.spurious_wakeup);
  return options;
}

}  // namespace grove::scenarios
