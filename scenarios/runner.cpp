#include "scenarios/runner.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "checkers/model_registry.h"
#include "sim/invariant_failure.h"
#include "scenarios/app_scenario.h"
#include "scenarios/cluster.h"
#include "scenarios/kv_check.h"
#include "scenarios/nemesis.h"
#include "scenarios/protocol_checks.h"
#include "scenarios/scenario_world.h"
#include "scenarios/vkv_history.h"
#include "scenarios/workload.h"
#include "sim/network_model.h"
#include "sim/preemption.h"
#include "sim/world.h"

namespace grove::scenarios {

namespace {

// Every client must complete an op inside [heal_ns, heal_ns + bound]; with a bounded
// workload, every client must have completed all of its ops by then instead.
void check_liveness(const Cluster& cluster, TimeNs heal_ns, DurationNs bound_ns, const Workload& workload,
                    std::vector<Violation>& violations) {
  const int ops_per_client = workload.ops_per_client;
  if (ops_per_client > 0) {
    std::vector<int> completed(cluster.clients().size(), 0);
    for (const OpRecord& record : cluster.history()) {
      completed[record.client] += record.output && record.return_ns <= heal_ns + bound_ns;
    }
    // Ops left out (workload.skip_ops) are not owed.
    for (const auto& [client, n] : workload.skip_ops) {
      if (client < completed.size() && n < static_cast<std::uint64_t>(ops_per_client)) ++completed[client];
    }
    for (std::size_t client = 0; client < completed.size(); ++client) {
      if (completed[client] >= ops_per_client) continue;
      violations.push_back(
          {"liveness", "no-progress-after-heal",
           "client " + std::to_string(client) + " completed " + std::to_string(completed[client]) +
               " of its " + std::to_string(ops_per_client) + " operations by " +
               std::to_string(bound_ns / 1'000'000) + " ms after the heal at t=" +
               std::to_string(heal_ns / 1'000'000) + " ms"});
    }
    return;
  }
  std::vector<bool> progressed(cluster.clients().size(), false);
  for (const OpRecord& record : cluster.history()) {
    if (record.output && record.return_ns >= heal_ns && record.return_ns <= heal_ns + bound_ns) {
      progressed[record.client] = true;
    }
  }
  for (std::size_t client = 0; client < progressed.size(); ++client) {
    if (progressed[client]) continue;
    violations.push_back(
        {"liveness", "no-progress-after-heal",
         "client " + std::to_string(client) + " completed no operation within " +
             std::to_string(bound_ns / 1'000'000) + " ms after the heal at t=" +
             std::to_string(heal_ns / 1'000'000) + " ms"});
  }
}

}  // namespace

const char* verdict_name(RunVerdict verdict) {
  switch (verdict) {
    case RunVerdict::kPass: return "pass";
    case RunVerdict::kFail: return "fail";
    case RunVerdict::kInconclusive: return "inconclusive";
  }
  return "inconclusive";
}

RunResult run_scenario(const Scenario& scenario, const RunRequest& request) {
  if (scenario.app != "vkv") return run_app_scenario(scenario, request);
  RunResult result;
  result.scenario = scenario.name;
  result.seed = request.seed;
  result.fail_fast = request.fail_fast;
  result.stop_at_event = request.stop_at_event;
  result.checkers = {"linearizability"};
  for (const std::string& name : ProtocolChecks::checker_names()) result.checkers.push_back(name);
  result.checkers.push_back("liveness");

  // The swarm draw comes from the seed's "swarm" stream, before the world exists; the world
  // then continues the same choice source, so the draw is part of its fingerprint.
  sim::ChoiceSource choices(request.seed);
  if (request.choices != nullptr) choices.replay(*request.choices);
  if (request.record_choices) choices.record();
  const Scenario drawn = draw_swarm(scenario, choices.stream("swarm"), result.faults);
  const Faults& faults = drawn.faults;

  // The bootstrap is fault-free: loss, duplication, reordering, late and stale deliveries,
  // preemption and disk stalls start with the safety phase.
  sim::WorldOptions options = scenario_world_options(drawn, request.seed);
  const sim::NetworkOptions faulty_network = options.network;
  const sim::PreemptionOptions faulty_preemption = options.preemption;
  const std::uint32_t disk_stall_ppm = options.disk.stall_ppm;
  options.network.drop_ppm = options.network.duplicate_ppm = options.network.reorder_ppm = 0;
  options.network.late_duplicate_ppm = options.network.stale_delivery_ppm = 0;
  options.preemption = sim::PreemptionOptions{};
  options.disk.stall_ppm = 0;
  sim::World world(options, std::move(choices));
  world.bugs() = request.bugs;
  world.use_pct(request.pct);
  if (request.trace_jsonl != nullptr) world.trace().write_jsonl_to(request.trace_jsonl);
  if (request.keep_prefix_hashes) world.trace().keep_prefix_hashes(true);
  if (request.observer) world.trace().observe(request.observer);
  if (!result.faults.decisions.empty()) world.note("swarm: " + result.faults.describe());

  ClusterOptions cluster_options;
  cluster_options.config_servers = static_cast<std::size_t>(scenario.config_servers);
  cluster_options.initial_replicas = static_cast<std::size_t>(scenario.replicas);
  cluster_options.spare_replicas = static_cast<std::size_t>(scenario.spare_replicas);
  cluster_options.clients = static_cast<std::size_t>(scenario.clients);
  cluster_options.client_give_up_after_ns =
      static_cast<env::DurationNs>(scenario.workload.give_up_ms * 1e6);
  Cluster cluster(world, cluster_options);

  // The protocol checkers run online, on each ghost event as it is recorded, so a violation
  // names the event at which it became true and --fail-fast can stop the run there.
  ProtocolChecks protocol(world, {&cluster});
  auto stop_now = [&] {
    return (request.fail_fast && protocol.violated()) ||
           (request.stop_at_event != 0 && world.trace().count() >= request.stop_at_event);
  };
  auto run_until = [&](TimeNs time_ns) {
    if (!request.fail_fast && request.stop_at_event == 0) {
      world.run_until(time_ns);
    } else if (!stop_now()) {
      world.run_until_condition(stop_now, time_ns);
    }
  };
  // A failed GROVE_CHECK in a simulated node is a finding of this run, not a lost process.
  sim::ThrowOnInvariantFailure invariant_failures_are_findings;
  TimeNs heal_at = 0;
  bool finished = false;
  try {
    cluster.start();
    if (!cluster.bootstrap()) {
      result.violations.push_back(
          {"liveness", "bootstrap", "the fault-free bootstrap did not finish"});
    }

    const Workload workload = drawn.workload;
    result.workload_ops.assign(cluster.clients().size(), 0);
    std::vector<std::uint64_t>* ops_started = &result.workload_ops;
    for (std::size_t client = 0; client < cluster.clients().size(); ++client) {
      spawn_workload(cluster, client, workload, ops_started);
    }
    Nemesis nemesis(cluster, drawn, faults, [&cluster, workload, ops_started](std::size_t client) {
      spawn_workload(cluster, client, workload, ops_started);
    });
    world.network().options() = faulty_network;
    world.preemption().options() = faulty_preemption;
    world.disk_options().stall_ppm = disk_stall_ppm;
    if (nemesis.watches_steps()) {
      // Crashes right after protocol steps need every trace event; the caller's observer, if
      // any, still sees them all.
      world.trace().observe(
          [&nemesis, observer = request.observer](const traces::TraceEvent& event) {
            nemesis.on_trace_event(event);
            if (observer) observer(event);
          });
    }
    const TimeNs safety_start = world.now();
    heal_at = safety_start + static_cast<DurationNs>(scenario.safety_s * 1e9);
    const TimeNs end_at = heal_at + static_cast<DurationNs>(scenario.heal_s * 1e9);
    nemesis.schedule(safety_start, heal_at);
    result.fault_events = nemesis.fault_events();
    result.fault_events_skipped = nemesis.skipped_events();
    // A systematic search decides the safety phase; bootstrap and heal run as drawn.
    world.choices().guide(request.guide);
    run_until(heal_at);
    world.choices().guide(nullptr);
    // Step crashes belong to the safety phase; the nemesis must not be called once it is gone.
    if (nemesis.watches_steps()) world.trace().observe(request.observer);
    if (!stop_now()) {
      nemesis.heal();
      run_until(end_at);
    }
    finished = !stop_now();
  } catch (const sim::InvariantFailure& failure) {
    world.choices().guide(nullptr);
    world.trace().observe(request.observer);
    result.violations.push_back({"assert", "invariant", failure.what(),
                                 world.trace().count() == 0 ? traces::kNoTraceIndex
                                                            : world.trace().count() - 1,
                                 world.now()});
  }
  protocol.stop();
  result.stopped_early = !finished;

  result.trace_hash = world.trace().hash();
  result.choice_fingerprint = world.choices().fingerprint();
  if (request.record_choices) result.choices = world.choices().recorded();
  result.events = world.trace().count();
  result.sim_time_ns = world.now();
  result.contended_picks = world.contended_picks();
  result.coverage = world.coverage();
  result.prefix_hashes = world.trace().prefix_hashes();

  // ---- checks --------------------------------------------------------------------------
  result.history = vkv_history(cluster.history());
  result.ops = result.history.operations.size();
  for (const auto& op : result.history.operations) result.ops_completed += op.outcome_known();
  result.check_budget = scenario.check_budget;
  KvCheck kv = check_kv_history(result.history, scenario.check_budget, result.violations);
  result.linearizability = std::move(kv.result);
  result.check_steps = result.linearizability.steps;
  result.linearizability_verdict = kv.verdict;
  result.inconclusive_reason = std::move(kv.inconclusive_reason);
  protocol.report(result.violations);
  // A run cut short (a failed assertion, --fail-fast) has no heal phase to judge.
  if (finished) {
    check_liveness(cluster, heal_at, static_cast<DurationNs>(scenario.liveness_bound_s * 1e9),
                   drawn.workload, result.violations);
  }
  // Client tasks reference the cluster: unwind them before it goes away. The teardown is not
  // part of the run: the trace file and observers stop before it.
  world.trace().write_jsonl_to(nullptr);
  world.trace().observe({});
  world.unwind_all_tasks();
  return result;
}

}  // namespace grove::scenarios
