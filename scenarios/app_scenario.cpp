#include "scenarios/app_scenario.h"

#include <algorithm>
#include <cmath>

#include "scenarios/apps/app_runs.h"
#include "scenarios/nemesis.h"
#include "scenarios/protocol_checks.h"
#include "scenarios/swarm.h"
#include "sim/world.h"

namespace grove::scenarios {

RunResult run_app_scenario(const Scenario& scenario, const RunRequest& request) {
  RunResult result;
  result.scenario = scenario.name;
  result.seed = request.seed;
  result.fail_fast = request.fail_fast;
  result.stop_at_event = request.stop_at_event;
  // The protocol's checkers on each vKV cluster underneath, the app's own, liveness.
  result.checkers = {"linearizability"};  // of the KV calls underneath the app
  for (const std::string& name : ProtocolChecks::checker_names()) result.checkers.push_back(name);
  result.checkers.push_back(scenario.app);
  result.checkers.push_back("liveness");
  sim::ChoiceSource swarm_source(request.seed);
  if (request.choices != nullptr) swarm_source.replay(*request.choices);
  if (request.record_choices) swarm_source.record();
  const Scenario drawn = draw_swarm(scenario, swarm_source.stream("swarm"), result.faults);
  const Faults& faults = drawn.faults;

  apps::AppRunOptions options;
  options.seed = request.seed;
  options.bugs = request.bugs;
  options.clients = static_cast<std::size_t>(scenario.clients);
  // The world, the clusters and the faults of the drawn scenario, under the vKV runs' Nemesis.
  options.scenario = &drawn;
  options.check_budget_steps = scenario.check_budget;
  options.fail_fast = request.fail_fast;
  options.stop_at_event = request.stop_at_event;
  options.choices = request.choices;
  options.record_choices = request.record_choices;
  // Bounded progress (the bank's): after the heal every client runs a steady round with no
  // fault left, and each of its ops must finish within a bound below the lock lease (500 ms),
  // so only a deadlock resolved by lease expiry (lock order, A7) makes one that slow. A
  // fault-free run bounds every op.
  if (scenario.app == "bank") {
    options.progress_bound_ns = 400 * env::kMillisecond;
    options.steady_round = true;
    options.bound_every_op = fault_free(faults);
  }
  options.trace_observer = request.observer;
  options.configure_world = [&request, &result](sim::World& world) {
    world.use_pct(request.pct);
    if (request.trace_jsonl != nullptr) world.trace().write_jsonl_to(request.trace_jsonl);
    if (request.keep_prefix_hashes) world.trace().keep_prefix_hashes(true);
    if (!result.faults.decisions.empty()) world.note("swarm: " + result.faults.describe());
  };

  // Ops a shrunk scenario leaves out (workload.skip_ops), numbered per client's workload round.
  apps::CacheWorkloadOptions cache;
  cache.skip_ops = scenario.workload.skip_ops;
  apps::LockWorkloadOptions lock;
  lock.skip_ops = scenario.workload.skip_ops;
  apps::BankWorkloadOptions bank;
  bank.skip_ops = scenario.workload.skip_ops;
  apps::AppRunResult run = scenario.app == "cachekv" ? apps::run_cachekv(options, cache)
                           : scenario.app == "lock"  ? apps::run_lock(options, lock)
                                                     : apps::run_bank(options, bank);
  for (const auto& violation : run.check.violations) {
    result.violations.push_back({scenario.app, violation.rule, violation.message});
    // The bank's violations name ops of its history: the first one's return (or invocation)
    // is when the violation showed, which a report centres its chart on.
    if (scenario.app == "bank" && !violation.ops.empty() &&
        violation.ops.front() < run.history.operations.size()) {
      const traces::Operation& op = run.history.operations[violation.ops.front()];
      result.violations.back().time_ns = op.outcome_known() ? op.return_ns : op.invoke_ns;
    }
    // The app checkers' linearizability rules: "<app>-not-linearizable", "<app>-history-malformed".
    if (violation.rule.ends_with("-not-linearizable") ||
        violation.rule.ends_with("-history-malformed")) {
      result.linearizability_verdict = RunVerdict::kFail;
    }
  }
  if (run.check.inconclusive && result.linearizability_verdict != RunVerdict::kFail) {
    result.linearizability_verdict = RunVerdict::kInconclusive;
    result.inconclusive_reason = run.check.note;
  }
  result.check_budget = scenario.check_budget;
  result.check_steps = run.check.search_steps;
  // The app checkers keep their linearizability results to themselves; the verdict and the
  // history are what a report of the run needs.
  result.linearizability.model = run.history.model;
  result.linearizability.operations = run.history.operations.size();
  result.linearizability.steps = run.check.search_steps;
  switch (result.linearizability_verdict) {
    case RunVerdict::kPass: result.linearizability.verdict = checkers::Verdict::kLinearizable; break;
    case RunVerdict::kFail: result.linearizability.verdict = checkers::Verdict::kNotLinearizable; break;
    case RunVerdict::kInconclusive:
      result.linearizability.verdict = checkers::Verdict::kInconclusive;
      break;
  }
  // The protocol checkers and the vKV-level linearizability of the KV calls underneath (their
  // verdict joins linearizability_verdict; `linearizability` above stays the app history's).
  for (Violation& violation : run.protocol_violations) {
    if (violation.checker == "linearizability") result.linearizability_verdict = RunVerdict::kFail;
    result.violations.push_back(std::move(violation));
  }
  if (run.kv_inconclusive && result.linearizability_verdict != RunVerdict::kFail) {
    result.linearizability_verdict = RunVerdict::kInconclusive;
    if (!result.inconclusive_reason.empty()) result.inconclusive_reason += "; ";
    result.inconclusive_reason += run.kv_inconclusive_reason;
  }
  for (const auto& kv : run.kv_checks) result.check_steps += kv.result.steps;
  result.stopped_early = run.stopped_early;
  if (!run.liveness_error.empty()) {
    result.violations.push_back({"liveness", "no-progress-after-heal", run.liveness_error});
  }
  if (!run.setup_error.empty()) result.violations.push_back({"liveness", "setup", run.setup_error});
  result.trace_hash = run.trace_hash;
  result.choice_fingerprint = run.choice_fingerprint;
  if (request.record_choices) {
    // The world's streams, and the swarm draw's (its own source, before the world exists).
    result.choices = std::move(run.choices);
    for (const auto& [stream, values] : swarm_source.recorded()) result.choices[stream] = values;
  }
  result.events = run.events;
  result.fault_events = run.fault_events;
  result.fault_events_skipped = run.fault_events_skipped;
  result.workload_ops = std::move(run.workload_ops);
  result.prefix_hashes = std::move(run.prefix_hashes);
  result.sim_time_ns = run.end_ns;
  result.contended_picks = run.contended_picks;
  result.coverage = std::move(run.coverage);
  result.history = std::move(run.history);
  result.ops = result.history.operations.size();
  for (const auto& op : result.history.operations) result.ops_completed += op.outcome_known();
  return result;
}

}  // namespace grove::scenarios
