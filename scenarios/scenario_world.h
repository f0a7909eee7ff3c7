// The simulated world of a drawn scenario: its seed and every fault knob of the world's own
// models (network, disk, preemption, clocks) set as in the safety phase. Shared by vKV and app
// runs, which start fault-free (bootstrap) and switch these faults on for the safety phase.
#pragma once

#include <cstdint>

#include "scenarios/scenario.h"
#include "sim/world.h"

namespace grove::scenarios {

sim::WorldOptions scenario_world_options(const Scenario& drawn, std::uint64_t seed);

}  // namespace grove::scenarios
