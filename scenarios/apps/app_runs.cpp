#include "scenarios/apps/app_runs.h"

#include <algorithm>

#include "checkers/model_registry.h"
#include "scenarios/app.h"
#include "scenarios/nemesis.h"
#include "scenarios/scenario_world.h"
#include "scenarios/vkv_history.h"
#include "sim/invariant_failure.h"
#include "sim/network_model.h"
#include "sim/preemption.h"

namespace grove::scenarios::apps {

namespace {

sim::WorldOptions world_options(const AppRunOptions& options) {
  // The bootstrap is fault-free, as in a vKV run: the world's own faults (loss, duplication,
  // reordering, late and stale deliveries, preemption, disk stalls) start with the safety
  // phase (Run::run_under_nemesis).
  sim::WorldOptions world = scenario_world_options(*options.scenario, options.seed);
  world.keep_ghosts = true;  // the protocol checkers read every ghost event online
  world.network.drop_ppm = world.network.duplicate_ppm = world.network.reorder_ppm = 0;
  world.network.late_duplicate_ppm = world.network.stale_delivery_ppm = 0;
  world.preemption = sim::PreemptionOptions{};
  world.disk.stall_ppm = 0;
  return world;
}

ClusterOptions cluster_options(const AppRunOptions& options) {
  ClusterOptions cluster;
  cluster.clients = 0;
  cluster.config_servers = static_cast<std::size_t>(options.scenario->config_servers);
  cluster.initial_replicas = static_cast<std::size_t>(options.scenario->replicas);
  cluster.spare_replicas = static_cast<std::size_t>(options.scenario->spare_replicas);
  return cluster;
}

// The phases every app run shares. `finished` says the workload is done.
class Run {
 public:
  Run(const AppRunOptions& options, std::string app, bool with_locks)
      : options_(options), world_(world_options(options)) {
    result_.app = std::move(app);
    if (options.choices != nullptr) world_.choices().replay(*options.choices);
    if (options.record_choices) world_.choices().record();
    world_.bugs() = options.bugs;
    DeploymentOptions deployment;
    deployment.data = cluster_options(options);
    if (with_locks) deployment.locks = cluster_options(options);
    deployment.app_clients = options.clients;
    deployment_ = std::make_unique<AppDeployment>(world_, deployment);
    std::vector<const Cluster*> clusters;
    for (Cluster* cluster : deployment_->clusters()) clusters.push_back(cluster);
    protocol_ = std::make_unique<ProtocolChecks>(world_, clusters);
    if (options.trace_observer) world_.trace().observe(options.trace_observer);
    if (options.configure_world) options.configure_world(world_);
  }

  // Runs `body`, which runs the world; a failed GROVE_CHECK in a simulated node is a finding
  // of this run (checker "assert"), not a lost process. false: one failed, the run is over.
  bool guarded(const std::function<void()>& body) {
    if (result_.stopped_early) return false;
    try {
      body();
      return true;
    } catch (const sim::InvariantFailure& failure) {
      result_.stopped_early = true;
      result_.protocol_violations.push_back(
          {"assert", "invariant", failure.what(),
           world_.trace().count() == 0 ? traces::kNoTraceIndex : world_.trace().count() - 1,
           world_.now()});
      return false;
    }
  }

  AppDeployment& deployment() { return *deployment_; }
  sim::World& world() { return world_; }
  AppRunResult& result() { return result_; }

  // Bootstrap, workload, faults, heal, wait for the workload. false: stop (error recorded).
  bool run(const std::function<void(std::size_t)>& spawn_client, const std::function<void()>& spawn_all,
           const std::function<bool()>& finished) {
    bool ran = false;
    guarded([&] { ran = run_phases(spawn_client, spawn_all, finished); });
    return ran;
  }

  TimeNs heal_ns() const { return heal_ns_; }

  // Before the steady round: no fault left at all, not even the slow network and disks the
  // heal keeps, so the round runs as a fault-free scenario of the same shape would.
  // It also waits for the heal's reconfigurations to be through (one may still be retrying
  // after the workload finished), then a lease interval, so that no reconfiguration's lease
  // wait (§2.2) stalls the round. false: a heal reconfiguration did not finish in time.
  bool calm() {
    const bool healed = deployment_->data().run_until(
        [this] {
          return std::all_of(heal_actions_.begin(), heal_actions_.end(),
                             [](const auto& action) { return action->done; });
        },
        options_.finish_within_ns);
    world_.run_until(world_.now() + deployment_->timing().lease_interval_ns);
    Scenario calm = *options_.scenario;
    calm.faults = Faults{};
    const sim::WorldOptions quiet = scenario_world_options(calm, options_.seed);
    world_.network().options().min_delay_ns = quiet.network.min_delay_ns;
    world_.network().options().tail_mean_ns = quiet.network.tail_mean_ns;
    world_.disk_options().min_latency_ns = quiet.disk.min_latency_ns;
    world_.disk_options().jitter_ns = quiet.disk.jitter_ns;
    return healed;
  }

  AppRunResult finish(std::string numbers) {
    protocol_->stop();
    protocol_->report(result_.protocol_violations);
    check_kv_histories();
    result_.coverage = world_.coverage();
    if (options_.keep_ghosts) result_.ghosts = world_.ghosts();
    result_.trace_hash = world_.trace().hash();
    result_.choice_fingerprint = world_.choices().fingerprint();
    if (options_.record_choices) result_.choices = world_.choices().recorded();
    result_.events = world_.trace().count();
    result_.contended_picks = world_.contended_picks();
    result_.prefix_hashes = world_.trace().prefix_hashes();
    // The world's teardown (unwinding every task) is not part of the run.
    world_.trace().write_jsonl_to(nullptr);
    world_.trace().observe({});
    result_.end_ns = world_.now();
    result_.summary = result_.app + " seed=" + std::to_string(options_.seed) + " " + numbers +
                      " client_crashes=" + std::to_string(result_.client_crashes) +
                      " violations=" + std::to_string(result_.check.violations.size()) +
                      " sim_s=" + std::to_string(world_.now() / env::kSecond) +
                      (result_.ok() ? " ok" : " FAILED");
    return std::move(result_);
  }

 private:
  // The scenario's faults, as in a vKV run (scenarios/runner.cpp): a fault-free bootstrap, the
  // world's faults and the Nemesis over the safety phase, then the heal.
  bool run_under_nemesis(const std::function<void(std::size_t)>& spawn_client,
                         const std::function<void()>& spawn_all,
                         const std::function<bool()>& finished) {
    const Scenario& drawn = *options_.scenario;
    if (!deployment_->start_and_bootstrap()) {
      result_.setup_error = "bootstrap did not finish";
      return false;
    }
    spawn_all();
    // A member: its timers (restarts, partition and pause ends) may fire after the heal, while
    // the post-heal passes run the world.
    nemesis_ = std::make_unique<Nemesis>(
        NemesisTarget{deployment_->clusters(), deployment_->clients()}, drawn, drawn.faults,
        spawn_client);
    Nemesis& nemesis = *nemesis_;
    const sim::WorldOptions faulty = scenario_world_options(drawn, options_.seed);
    world_.network().options() = faulty.network;
    world_.preemption().options() = faulty.preemption;
    world_.disk_options().stall_ppm = faulty.disk.stall_ppm;
    const auto observer = options_.trace_observer;
    if (nemesis.watches_steps()) {
      world_.trace().observe([&nemesis, observer](const traces::TraceEvent& event) {
        nemesis.on_trace_event(event);
        if (observer) observer(event);
      });
    }
    const TimeNs safety_start = world_.now();
    const TimeNs heal_at = safety_start + static_cast<DurationNs>(drawn.safety_s * 1e9);
    nemesis.schedule(safety_start, heal_at);
    result_.fault_events = nemesis.fault_events();
    result_.fault_events_skipped = nemesis.skipped_events();
    if (!options_.fail_fast && options_.stop_at_event == 0) {
      world_.run_until(heal_at);
    } else {
      world_.run_until_condition([this] { return stop_now(); }, heal_at);
    }
    // Step crashes belong to the safety phase; the nemesis must not be called once it is gone.
    if (nemesis.watches_steps()) world_.trace().observe(observer);
    if (stop_now()) return stopped_by_fail_fast();
    // A fault-free run needs no healing reconfiguration (it would stall the workload for a
    // lease interval, protocol.md §3.6 and §2.3).
    if (!fault_free(drawn.faults)) heal_actions_ = nemesis.heal();
    heal_ns_ = world_.now();
    const bool done = deployment_->data().run_until(
        [this, &finished] { return finished() || stop_now(); }, options_.finish_within_ns);
    if (stop_now()) return stopped_by_fail_fast();
    if (!done) result_.liveness_error = "the workload did not finish after heal";
    return true;
  }

  // --fail-fast: a protocol checker found a violation online; the run ends at it. Or the run
  // reached its cut (RunRequest::stop_at_event).
  bool stop_now() {
    return (options_.fail_fast && protocol_->violated()) ||
           (options_.stop_at_event != 0 && world_.trace().count() >= options_.stop_at_event);
  }
  bool stopped_by_fail_fast() {
    result_.stopped_early = true;
    return false;
  }

  // vKV-level linearizability of the KV calls underneath the app, cluster by cluster.
  void check_kv_histories() {
    checkers::LinearizabilityOptions check;
    check.max_steps = options_.check_budget_steps;
    const char* names[] = {"data", "locks"};
    std::size_t index = 0;
    for (Cluster* cluster : deployment_->clusters()) {
      AppRunResult::KvCheck kv;
      kv.cluster = names[index++];
      kv.history = vkv_history(cluster->history());
      kv.result = checkers::check_linearizability(kv.history, *checkers::find_model("kv"), check);
      const std::string where = "the " + kv.cluster + " cluster's KV history";
      if (!kv.result.error.empty()) {
        // An output no correct vKV could give (a cond-put reply other than "ok" or "").
        result_.protocol_violations.push_back(
            {"linearizability", "impossible-output", where + ": " + kv.result.error});
      } else if (kv.result.verdict == checkers::Verdict::kNotLinearizable) {
        std::string message = where + " is not linearizable";
        if (kv.result.explanation) message += " (key \"" + kv.result.explanation->key + "\")";
        result_.protocol_violations.push_back({"linearizability", "not-linearizable", message});
      } else if (kv.result.verdict == checkers::Verdict::kInconclusive) {
        result_.kv_inconclusive = true;
        if (!result_.kv_inconclusive_reason.empty()) result_.kv_inconclusive_reason += "; ";
        result_.kv_inconclusive_reason +=
            where + ": " + checkers::describe_exhaustion(kv.result, check);
      }
      result_.kv_checks.push_back(std::move(kv));
    }
  }

  bool run_phases(const std::function<void(std::size_t)>& spawn_client,
                  const std::function<void()>& spawn_all, const std::function<bool()>& finished) {
    return run_under_nemesis(spawn_client, spawn_all, finished);
  }

  // Declared first: failed GROVE_CHECKs throw for the whole run, the world's teardown included.
  sim::ThrowOnInvariantFailure invariant_failures_are_findings_;
  AppRunOptions options_;
  sim::World world_;
  std::unique_ptr<AppDeployment> deployment_;
  std::unique_ptr<ProtocolChecks> protocol_;
  std::unique_ptr<Nemesis> nemesis_;
  std::vector<std::shared_ptr<AdminAction>> heal_actions_;  // the heal's reconfigurations
  AppRunResult result_;
  TimeNs heal_ns_ = 0;
};

}  // namespace

AppRunResult run_app(const AppRunOptions& given, App& app) {
  // The direct API's knobs become a scenario: every app run goes through the one Nemesis.
  AppRunOptions options = given;
  Scenario from_knobs;
  if (options.scenario == nullptr) {
    from_knobs = app_fault_scenario(app.name(), options.faults, options.clients,
                                    static_cast<double>(options.clock_uncertainty_ns) / 1e6);
    options.scenario = &from_knobs;
  }
  Run run(options, app.name(), app.with_locks());
  app.start(run.deployment());
  const bool ran = run.run([&app](std::size_t client) { app.spawn(client); },
                           [&app] { app.spawn_all(); }, [&app] { return app.finished(); });
  const TimeNs heal_ns = run.heal_ns();
  std::string after_heal;
  if (ran) run.guarded([&] { after_heal = app.after_heal(options.finish_within_ns); });
  if (ran && !after_heal.empty()) run.result().liveness_error = after_heal;
  TimeNs steady_ns = -1;
  if (ran && after_heal.empty() && options.steady_round) {
    run.guarded([&] {
      // A heal reconfiguration still retrying after finish_within: no steady round (its bound
      // would judge the reconfiguration, not the app); the after-heal checks already ran.
      if (!run.calm()) return;
      steady_ns = run.world().now();
      if (!app.spawn_steady_round()) {
        steady_ns = -1;
        return;
      }
      if (!run.deployment().data().run_until([&app] { return app.finished(); },
                                             options.finish_within_ns)) {
        run.result().liveness_error = "the steady round after the heal did not finish";
      }
    });
  }
  run.result().workload_ops = app.ops_started();
  const std::string numbers =
      app.check(options, ran ? heal_ns : -1, steady_ns, run.world().now(), run.result());
  return run.finish(numbers);
}

AppRunResult run_cachekv(const AppRunOptions& options, const CacheWorkloadOptions& workload) {
  return run_app(options, *make_cachekv_app(workload));
}

AppRunResult run_lock(const AppRunOptions& options, const LockWorkloadOptions& workload) {
  return run_app(options, *make_lock_app(workload));
}

AppRunResult run_bank(const AppRunOptions& options, const BankWorkloadOptions& workload) {
  return run_app(options, *make_bank_app(workload));
}

std::string describe_failures(const AppRunResult& result) {
  std::string out;
  if (!result.setup_error.empty()) out += "setup: " + result.setup_error + "\n";
  if (!result.liveness_error.empty()) out += "liveness: " + result.liveness_error + "\n";
  for (const auto& violation : result.check.violations) {
    out += violation.rule + ": " + violation.message + "\n";
  }
  for (const Violation& violation : result.protocol_violations) {
    out += violation.checker + " " + violation.rule + ": " + violation.message + "\n";
  }
  return out;
}

}  // namespace grove::scenarios::apps
