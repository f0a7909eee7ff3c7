// Swarm testing: each seed draws which fault kinds are on and how hard (Groce et al., "Swarm
// Testing", ISSTA 2012). A kind that is off for a seed lets the others reach deeper states.
#pragma once

#include <string>
#include <vector>

#include "scenarios/scenario.h"
#include "sim/choice_source.h"

namespace grove::scenarios {

struct SwarmDecision {
  std::string fault;  // e.g. "crash", "partition"
  bool enabled = true;
  double scale = 1;  // multiplies the scenario's rate or probability
};

struct SwarmDraw {
  std::vector<SwarmDecision> decisions;  // empty when the scenario is not a swarm scenario
  std::string describe() const;          // "crash x0.5, partition off, ..."
};

// The faults to use for this seed: the scenario's own, or (swarm) a drawn subset and scaling.
Faults draw_faults(const Scenario& scenario, sim::ChoiceSource::Stream& choices, SwarmDraw& draw);

}  // namespace grove::scenarios
