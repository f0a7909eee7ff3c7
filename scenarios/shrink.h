// Shrinking a failing run: simpler scenarios that still fail the same way.
//
// A failing seed of a swarm scenario is first frozen (the seed's fault draw written into the
// scenario), then the run is cut at its first violation where an online checker found it
// (--fail-fast), and each knob is tried at zero, at half (at most six times: a rate already
// negligible is not halved on and on), and the phases and cluster (clients, spares, replicas,
// config servers, keys) made smaller, greedily, within at most half of the runs left,
// keeping every change after which the same seed still makes the same checker fire AND the run
// is no longer than before (in trace events): the result is never longer than the input. Every
// candidate is a complete deterministic run, so the result replays bit for bit.
//
// Then delta debugging over the timed faults of the Nemesis (crashes, partitions, clogs,
// pauses, clock changes, reconfigurations, leader changes): groups of them are left out by
// number (faults.skip_events, which moves no other fault), down to one at a time, so each fault
// left is needed for the checker to fire (1-minimal within the run budget).
//
// Then the same over the clients' operations (workload.skip_ops: an op left out is still drawn,
// so no other op moves; app clients number theirs too, scenarios/apps/op_skips.h).
//
// A run driven by choice lists (a replay file of `grovesim explore` or `run --record-choices`)
// is shrunk with its lists, and the lists are shrunk too, by delta debugging over their
// non-default decisions: the non-zero values of the "schedule" and "step_faults" lists (a
// preemption, a step fault) are set to 0 (the default pick, no fault) in ever smaller groups,
// ending with one at a time, so each one left is needed for the checker to fire (1-minimal,
// within the run budget); a "faults" list (guided search's) is cut as short as it can be.
#pragma once

#include <cstddef>
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
  RunResult run;            // its run (with run.fail_fast if the cut was kept)
  RunResult original;       // the input's run
  std::size_t original_fault_kinds = 0;  // fault knobs on, before and after
  std::size_t fault_kinds = 0;
  std::string checker;      // the checker that must keep firing
  std::vector<std::string> kept_changes;
  std::size_t runs = 0;
  // The run's choice lists after shrinking (also in run.choices, for its replay file), and
  // how many non-default decisions they held before and after.
  sim::ChoiceLog choices;
  std::size_t decisions_before = 0;
  std::size_t decisions_after = 0;
  // The Nemesis's timed faults that take part, before and after delta debugging left some out
  // (faults.skip_events), counted once the knobs are shrunk.
  std::size_t fault_events_before = 0;
  std::size_t fault_events_after = 0;
  // Every single fault left was tried: leaving it out too loses the checker or makes the run
  // longer (the acceptance rule), so each is needed. False if the run budget ran out first.
  bool faults_one_minimal = false;
  // The same for the clients' operations (workload.skip_ops): started ops that take part.
  std::size_t ops_before = 0;
  std::size_t ops_after = 0;
  bool ops_one_minimal = false;
  bool reproduced = false;  // the original run failed at all
};

ShrinkResult shrink(const Scenario& scenario, std::uint64_t seed, const env::BugSet& bugs,
                    const ShrinkOptions& options = {}, const sim::ChoiceLog& choices = {});

// The scenario with `draw`'s choices applied and swarm off: the same faults, no draw.
// A "swarm" list in `choices`, if any, is the draw (as in the run).
Scenario freeze_swarm(const Scenario& scenario, std::uint64_t seed, const sim::ChoiceLog* choices = nullptr);

// How many fault knobs of `scenario` are on (rates, probabilities, step crashes).
std::size_t fault_kinds_on(const Scenario& scenario);

}  // namespace grove::scenarios
