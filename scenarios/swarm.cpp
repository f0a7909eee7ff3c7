#include "scenarios/swarm.h"

#include <sstream>

namespace grove::scenarios {

std::string SwarmDraw::describe() const {
  std::ostringstream out;
  for (const SwarmDecision& decision : decisions) {
    if (out.tellp() > 0) out << ", ";
    out << decision.fault;
    if (decision.enabled) {
      out << " x" << decision.scale;
    } else {
      out << " off";
    }
  }
  return out.str();
}

Faults draw_faults(const Scenario& scenario, sim::ChoiceSource::Stream& choices, SwarmDraw& draw) {
  Faults faults = scenario.faults;
  draw.decisions.clear();
  if (!scenario.swarm) return faults;
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
  // Last, so scenarios without step crashes draw exactly as before.
  for (FaultCrashAfter& step : faults.crash_after) {
    decide_probability("crash_after:" + step.event, step.probability);
  }
  return faults;
}

}  // namespace grove::scenarios
