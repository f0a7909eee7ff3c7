// Runs one seed of a scenario: builds the world and the cluster, runs the workload under the
// nemesis through the safety phase, heals, and checks the run (linearizability, lease safety,
// replication and config invariants, liveness after heal).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "checkers/linearizability.h"
#include "core/env/bugs.h"
#include "scenarios/scenario.h"
#include "scenarios/swarm.h"
#include "scenarios/violation.h"
#include "sim/choice_source.h"
#include "sim/pct_policy.h"
#include "traces/ghost_record.h"
#include "traces/history.h"
#include "traces/trace_event.h"

namespace grove::scenarios {

struct RunRequest {
  std::uint64_t seed = 1;
  env::BugSet bugs;
  std::ostream* trace_jsonl = nullptr;  // write every trace event as a JSON line
  bool keep_prefix_hashes = false;      // for --check-determinism
  std::function<void(const traces::TraceEvent&)> observer;
  // The linearizability check's budget is the scenario's check_budget (a step count): no wall
  // clock reaches a run's verdict.
  // Stop the run at the first protocol violation (the checkers run online).
  bool fail_fast = false;
  // End the run once its trace holds this many events (0: never): the cut shrinking makes right
  // after the event that shows the failure, for checkers that judge at the end (linearizability,
  // leases, the apps' checks). The checks then judge the prefix; operations still running count
  // as unknown outcomes.
  std::uint64_t stop_at_event = 0;
  // Drive the run from these decisions, stream by stream (value mod n), falling back to the
  // seed's draws where a list runs out (sim/choice_source.h). Must outlive the run.
  const sim::ChoiceLog* choices = nullptr;
  // Record every decision into RunResult::choices.
  bool record_choices = false;
  // The scheduler's contended picks follow PCT (depth 0: uniform random, the default).
  sim::PctOptions pct;
  // Offered every decision of the safety phase first (a systematic search; vKV runs only).
  sim::ChoiceGuide* guide = nullptr;
};

// What a run shows. kFail: some checker found a violation. kInconclusive: none did, but the
// linearizability check ran out of its step budget, so the run proves nothing (it is never
// counted as a pass). kPass: every check ran to its end and found nothing.
enum class RunVerdict { kPass, kFail, kInconclusive };
const char* verdict_name(RunVerdict verdict);  // "pass" | "fail" | "inconclusive"

struct RunResult {
  std::string scenario;
  std::uint64_t seed = 0;
  std::vector<Violation> violations;
  // The checkers that judged the run (each Violation::checker is one of them, or "assert").
  std::vector<std::string> checkers;
  // The linearizability check alone (vKV's, or the application's): kFail if it found a
  // violation (one of `violations`), kInconclusive if its budget ran out first.
  RunVerdict linearizability_verdict = RunVerdict::kPass;
  std::uint64_t check_budget = 0;  // the step budget it had
  std::uint64_t check_steps = 0;   // the search steps it used
  std::string inconclusive_reason;  // kInconclusive: which budget ran out, for people
  bool fail_fast = false;      // the request's
  std::uint64_t stop_at_event = 0;  // the request's
  bool stopped_early = false;  // a failed assertion or --fail-fast cut the run short
  std::uint64_t trace_hash = 0;
  // Every choice stream's final state, the swarm draw included (vKV runs; 0 for app runs).
  std::uint64_t choice_fingerprint = 0;
  std::uint64_t events = 0;
  std::size_t ops = 0;
  std::size_t ops_completed = 0;
  std::int64_t sim_time_ns = 0;
  std::uint64_t contended_picks = 0;  // scheduler picks with more than one task ready
  // The Nemesis's timed faults: scheduled in all (faults.skip_events numbers them), and those
  // the scenario left out.
  std::size_t fault_events = 0;
  std::size_t fault_events_skipped = 0;
  // Ops each client started (a vKV client: the most in any of its sessions; an app client: of
  // its workload round), left-out ones (workload.skip_ops) included: what shrinking may leave
  // out.
  std::vector<std::uint64_t> workload_ops;
  SwarmDraw faults;
  std::vector<std::pair<std::string, std::uint64_t>> coverage;
  std::vector<std::uint64_t> prefix_hashes;
  traces::History history;
  checkers::LinearizabilityResult linearizability;
  sim::ChoiceLog choices;  // with RunRequest::record_choices: every decision, per stream

  RunVerdict verdict() const {
    if (!violations.empty()) return RunVerdict::kFail;
    return linearizability_verdict == RunVerdict::kInconclusive ? RunVerdict::kInconclusive
                                                                : RunVerdict::kPass;
  }
  bool passed() const { return verdict() == RunVerdict::kPass; }
};

RunResult run_scenario(const Scenario& scenario, const RunRequest& request);

}  // namespace grove::scenarios
