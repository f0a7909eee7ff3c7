// Shrinking a failing run: simpler scenarios that still fail the same way.
//
// A failing seed of a swarm scenario is first frozen (the seed's fault draw written into the
// scenario), then each knob is tried at zero, at half, and the phases and cluster made smaller,
// greedily, keeping every change after which the same seed still makes the same checker fire.
// Every candidate is a complete deterministic run, so the result replays bit for bit.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/env/bugs.h"
#include "scenarios/runner.h"
#include "scenarios/scenario.h"

namespace grove::scenarios {

struct ShrinkOptions {
  std::size_t max_runs = 300;
  // Called after every candidate run (for progress output).
  std::function<void(const std::string& change, bool kept)> on_candidate;
};

struct ShrinkResult {
  Scenario scenario;        // the smallest failing scenario found
  RunResult run;            // its run
  std::string checker;      // the checker that must keep firing
  std::vector<std::string> kept_changes;
  std::size_t runs = 0;
  bool reproduced = false;  // the original run failed at all
};

ShrinkResult shrink(const Scenario& scenario, std::uint64_t seed, const env::BugSet& bugs,
                    const ShrinkOptions& options = {});

// The scenario with `draw`'s choices applied and swarm off: the same faults, no draw.
Scenario freeze_swarm(const Scenario& scenario, std::uint64_t seed);

}  // namespace grove::scenarios
