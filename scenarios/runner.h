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
#include "traces/history.h"
#include "traces/trace_event.h"

namespace grove::scenarios {

struct RunRequest {
  std::uint64_t seed = 1;
  env::BugSet bugs;
  std::ostream* trace_jsonl = nullptr;  // write every trace event as a JSON line
  bool keep_prefix_hashes = false;      // for --check-determinism
  std::function<void(const traces::TraceEvent&)> observer;
  // Budget of the linearizability check (0: none); exhausted means "unknown", not a failure.
  std::int64_t check_timeout_ns = 10'000'000'000;
};

struct Violation {
  std::string checker;  // linearizability | lease | replication | liveness
  std::string rule;
  std::string message;
};

struct RunResult {
  std::string scenario;
  std::uint64_t seed = 0;
  std::vector<Violation> violations;
  bool linearizability_unknown = false;  // the check's budget ran out
  std::uint64_t trace_hash = 0;
  // Every choice stream's final state, the swarm draw included (vKV runs; 0 for app runs).
  std::uint64_t choice_fingerprint = 0;
  std::uint64_t events = 0;
  std::size_t ops = 0;
  std::size_t ops_completed = 0;
  std::int64_t sim_time_ns = 0;
  SwarmDraw faults;
  std::vector<std::pair<std::string, std::uint64_t>> coverage;
  std::vector<std::uint64_t> prefix_hashes;
  traces::History history;
  checkers::LinearizabilityResult linearizability;

  bool ok() const { return violations.empty(); }
};

RunResult run_scenario(const Scenario& scenario, const RunRequest& request);

}  // namespace grove::scenarios
