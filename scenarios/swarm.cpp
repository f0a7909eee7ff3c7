#include "scenarios/swarm.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace grove::scenarios {

std::string SwarmDraw::describe() const {
  std::ostringstream out;
  for (const SwarmDecision& decision : decisions) {
    if (out.tellp() > 0) out << ", ";
    out << decision.fault;
    if (decision.value != 0) {
      out << " " << decision.value << decision.unit;
    } else if (decision.enabled) {
      out << " x" << decision.scale;
    } else {
      out << " off";
    }
  }
  return out.str();
}

namespace {

// The simulator's default disk (sim/options.h): what a disk kind that is off falls back to.
constexpr double kDefaultDiskLatencyUs = 50;
constexpr double kDefaultDiskJitterUs = 100;

// Log-uniform in [min, max] (small values as likely per decade as large ones), rounded to
// 0.1 ms; one draw, none when the range is a single value.
double draw_log_uniform_ms(const RangeMs& range, sim::ChoiceSource::Stream& choices) {
  if (range.max <= range.min) return range.min;
  const double low = std::log(std::max(range.min, 0.1));
  const double high = std::log(range.max);
  const double uniform = static_cast<double>(choices.choose(1'000'001)) / 1e6;
  const double value = std::exp(low + uniform * (high - low));
  return std::clamp(std::round(value * 10) / 10, range.min, range.max);
}

}  // namespace

Scenario draw_swarm(const Scenario& scenario, sim::ChoiceSource::Stream& choices, SwarmDraw& draw) {
  Scenario drawn = scenario;
  Faults& faults = drawn.faults;
  Workload& workload = drawn.workload;
  draw.decisions.clear();
  if (scenario.swarm) {
    static constexpr double kScales[] = {0.25, 0.5, 1, 2};
    // Each kind the scenario enables is kept with probability 1/2, at one of four intensities.
    auto decide = [&](const std::string& name, double& knob) {
      if (knob <= 0) return;
      SwarmDecision decision;
      decision.fault = name;
      decision.enabled = choices.choose(2) == 1;
      decision.scale = decision.enabled ? kScales[choices.choose(4)] : 0;
      knob *= decision.scale;
      draw.decisions.push_back(decision);
    };
    auto decide_probability = [&](const std::string& name, double& probability) {
      decide(name, probability);
      if (probability > 1) probability = 1;
    };
    decide("crash", faults.crash.rate_per_s);
    decide_probability("torn_append", faults.torn_append);
    decide_probability("drop", faults.network.drop);
    decide_probability("duplicate", faults.network.duplicate);
    decide_probability("reorder", faults.network.reorder);
    decide("partition", faults.partition.rate_per_s);
    decide("clog", faults.clog.rate_per_s);
    decide("pause", faults.pause.rate_per_s);
    decide("clock", faults.clock.rate_per_s);
    decide("reconfig", faults.reconfig_rate_per_s);
    decide("leader_change", faults.leader_change_rate_per_s);
    for (FaultCrashAfter& step : faults.crash_after) {
      decide_probability("crash_after:" + std::string(step_event_name(step.event)), step.probability);
    }
    // Later kinds come last, so scenarios without them draw exactly as before.
    decide_probability("late_duplicate", faults.network.late_duplicate);
    decide_probability("stale_delivery", faults.network.stale_delivery);
    decide_probability("preempt", faults.preempt.probability);
    decide_probability("spurious_wakeup", faults.preempt.spurious_wakeup);
    decide("clock_step", faults.clock.step_rate_per_s);
    decide_probability("disk_stall", faults.disk.stall);
    if (faults.disk.min_latency_us != kDefaultDiskLatencyUs ||
        faults.disk.jitter_us != kDefaultDiskJitterUs) {
      // Slow disks: kept at a scale, or back to the simulator's fast default.
      double scale = 1;
      decide("slow_disk", scale);
      faults.disk.min_latency_us = scale > 0 ? faults.disk.min_latency_us * scale : kDefaultDiskLatencyUs;
      faults.disk.jitter_us = scale > 0 ? faults.disk.jitter_us * scale : kDefaultDiskJitterUs;
    }
    decide_probability("empty_values", workload.empty_values);
    decide_probability("long_values", workload.long_values);
    decide_probability("repeat_values", workload.repeat_values);
    decide_probability("hot_key", workload.hot_key);
  }
  if (faults.clock.uncertainty_ms.max > 0) {
    // One honest uncertainty per seed: every clock advertises it and stays within it.
    const double uncertainty_ms = draw_log_uniform_ms(faults.clock.uncertainty_ms, choices);
    faults.clock.uncertainty_ms = RangeMs{uncertainty_ms, uncertainty_ms};
    draw.decisions.push_back(SwarmDecision{"clock_uncertainty", true, 1, uncertainty_ms, "ms"});
  }
  return drawn;
}

double clock_uncertainty_ms(const Scenario& drawn) {
  const RangeMs& range = drawn.faults.clock.uncertainty_ms;
  return range.max > 0 ? range.min : drawn.clock_uncertainty_ms;
}

}  // namespace grove::scenarios
