// One simulated run of an application, end to end: the deployment, the workload, a swarm of
// safe faults (safety phase), the heal phase, the liveness checks after heal, and the app
// checkers. This is what the scenario layer calls for the `cachekv`, `lock` and `bank`
// scenarios and campaigns (one call per seed).
//
//   run_cachekv  one vKV cluster; CacheWorkload; check_cache_freshness (kv model + leases)
//   run_lock     one vKV cluster; LockWorkload; check_lock_mutual_exclusion + "lock" model;
//                after heal every key must be lockable again
//   run_bank     two vKV clusters (data, locks); BankWorkload; check_bank ("bank" model,
//                conservation); after heal an audit (locking every account) must complete
// A run is deterministic in (options, workload options, binary).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "checkers/apps/app_violation.h"
#include "checkers/linearizability.h"
#include "core/env/bugs.h"
#include "scenarios/apps/app_faults.h"
#include "scenarios/apps/bank_workload.h"
#include "scenarios/apps/cache_workload.h"
#include "scenarios/apps/lock_workload.h"
#include "scenarios/protocol_checks.h"
#include "scenarios/scenario.h"
#include "scenarios/violation.h"
#include "traces/ghost_record.h"
#include "traces/history.h"

namespace grove::scenarios {
class App;
}  // namespace grove::scenarios

namespace grove::scenarios::apps {

struct AppRunOptions {
  std::uint64_t seed = 1;
  env::BugSet bugs;
  // Without `scenario`: the Nemesis's faults (app_faults.h); AppFaultOptions::none() for a
  // fault-free run.
  AppFaultOptions faults;
  std::size_t clients = 3;
  DurationNs clock_uncertainty_ns = 10 * env::kMillisecond;
  DurationNs finish_within_ns = 60 * env::kSecond;  // after heal, for the workload to finish
  bool keep_ghosts = false;                     // copy the ghost events into the result
  // Bank: the ops of the steady round (every op without one, or with bound_every_op) must finish within
  // this (0: no bound). With no fault left only a deadlock (A7) resolved by lease expiry makes
  // an op that slow.
  DurationNs progress_bound_ns = 0;
  bool bound_every_op = false;  // with steady_round: bound the whole history (no faults)
  // After the heal pass, run the app's steady round (App::spawn_steady_round) to its end.
  bool steady_round = false;
  // Called once the world exists, before anything runs (trace sinks).
  std::function<void(sim::World&)> configure_world;
  // Sees every trace event of the run.
  std::function<void(const traces::TraceEvent&)> trace_observer;
  // Set: a scenario's run (scenarios/app_scenario.h). The world, the clusters' shape and the
  // faults come from this drawn scenario, and the faults are the vKV runs' Nemesis
  // (scenarios/nemesis.h) over its safety_s: `faults` and `clock_uncertainty_ns` are ignored.
  // The pointee must outlive the call.
  const Scenario* scenario = nullptr;
  // Search steps of the app's linearizability check (0: none); out of steps, the check is
  // inconclusive (AppCheckResult::inconclusive).
  std::uint64_t check_budget_steps = checkers::kDefaultCheckBudgetSteps;
  // Stop the run at the first violation a protocol checker finds online (RunRequest::fail_fast).
  bool fail_fast = false;
  // End the run once the trace holds this many events (RunRequest::stop_at_event; 0: never).
  std::uint64_t stop_at_event = 0;
  // The world's decisions from this list first (RunRequest::choices), and recorded if asked.
  const sim::ChoiceLog* choices = nullptr;
  bool record_choices = false;
};

struct AppRunResult {
  std::string app;              // "cachekv", "lock", "bank"
  std::string setup_error;      // bootstrap or heal failed (no verdict on the app)
  std::string liveness_error;   // the workload or the after-heal pass did not finish
  checkers::apps::AppCheckResult check;
  // The protocol checkers' findings, each cluster's events checked on their own (online
  // replication and Paxos rules, the lease checker at the end), and a failed GROVE_CHECK
  // ("assert"), which also ends the run early.
  std::vector<Violation> protocol_violations;
  bool stopped_early = false;
  // The KV calls the app clients made, per vKV cluster (data, then locks), as a "kv" history
  // with true times (scenarios/apps/recording_kv.h), checked for linearizability under
  // check_budget_steps. A violation is in protocol_violations (checker "linearizability").
  struct KvCheck {
    std::string cluster;  // "data" | "locks"
    traces::History history;
    checkers::LinearizabilityResult result;
  };
  std::vector<KvCheck> kv_checks;
  bool kv_inconclusive = false;     // some KV check ran out of its budget
  std::string kv_inconclusive_reason;
  traces::History history;      // app-level history; history.model names its model
  std::size_t client_crashes = 0;
  // The Nemesis's timed faults: scheduled in all (faults.skip_events numbers them), and those
  // left out; per client, the workload ops started (workload.skip_ops numbers them).
  std::size_t fault_events = 0;
  std::size_t fault_events_skipped = 0;
  std::vector<std::uint64_t> workload_ops;
  std::vector<std::pair<std::string, std::uint64_t>> coverage;
  std::vector<traces::GhostRecord> ghosts;  // if AppRunOptions::keep_ghosts (lease checker)
  std::uint64_t trace_hash = 0;
  std::uint64_t choice_fingerprint = 0;  // every choice stream's final state
  sim::ChoiceLog choices;                 // with AppRunOptions::record_choices
  std::uint64_t events = 0;
  std::uint64_t contended_picks = 0;  // scheduler picks with more than one task ready
  std::vector<std::uint64_t> prefix_hashes;  // if the trace kept them
  TimeNs end_ns = 0;
  std::string summary;          // one line of numbers for logs

  bool ok() const {
    return setup_error.empty() && liveness_error.empty() && check.ok() &&
           protocol_violations.empty();
  }
};

// Any app (scenarios/app.h) through the one pipeline; the three below are its instances.
AppRunResult run_app(const AppRunOptions& options, App& app);
AppRunResult run_cachekv(const AppRunOptions& options, const CacheWorkloadOptions& workload = {});
AppRunResult run_lock(const AppRunOptions& options, const LockWorkloadOptions& workload = {});
AppRunResult run_bank(const AppRunOptions& options, const BankWorkloadOptions& workload = {});

// "rule: message" per violation plus the liveness/setup errors, one per line.
std::string describe_failures(const AppRunResult& result);

}  // namespace grove::scenarios::apps
