// Swarm testing: each seed draws which fault kinds are on and how hard (Groce et al., "Swarm
// Testing", ISSTA 2012). A kind that is off for a seed lets the others reach deeper states.
//
// Some knobs are drawn per seed whether or not the scenario is a swarm: the advertised clock
// uncertainty (faults.clock.uncertainty_ms) is one value drawn from a range.
#pragma once

#include <string>
#include <vector>

#include "scenarios/scenario.h"
#include "sim/choice_source.h"

namespace grove::scenarios {

struct SwarmDecision {
  std::string fault;  // e.g. "crash", "partition"
  bool enabled = true;
  double scale = 1;   // multiplies the scenario's rate or probability
  double value = 0;   // a drawn value (e.g. the clock uncertainty in ms); 0: none
  std::string unit;   // of `value`
};

struct SwarmDraw {
  std::vector<SwarmDecision> decisions;  // empty when nothing was drawn
  std::string describe() const;          // "crash x0.5, partition off, ..."
};

// The scenario to run for this seed: its own faults and workload, with (swarm) a drawn subset
// of the fault kinds and workload shapes, each scaled, and the per-seed draws made.
Scenario draw_swarm(const Scenario& scenario, sim::ChoiceSource::Stream& choices, SwarmDraw& draw);

// The advertised clock uncertainty of a drawn scenario: the per-seed draw if the scenario has
// a range, else clock_uncertainty_ms.
double clock_uncertainty_ms(const Scenario& drawn);

}  // namespace grove::scenarios
