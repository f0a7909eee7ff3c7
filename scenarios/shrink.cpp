#include "scenarios/shrink.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "scenarios/swarm.h"
#include "sim/choice_source.h"

namespace grove::scenarios {

Scenario freeze_swarm(const Scenario& scenario, std::uint64_t seed) {
  if (!scenario.swarm) return scenario;
  // The same draw as run_scenario makes: its own choice source from the seed.
  sim::ChoiceSource source(seed);
  SwarmDraw draw;
  Scenario frozen = draw_swarm(scenario, source.stream("swarm"), draw);
  frozen.swarm = false;
  return frozen;
}

namespace {

struct Candidate {
  std::string change;
  std::function<bool(Scenario&)> apply;  // false: nothing to change
  int max_kept = 1 << 30;                // how often it may be kept (halvings: 6)
};

// Every fault knob, by name.
std::vector<std::pair<std::string, std::function<double&(Scenario&)>>> fault_knobs() {
  return {
      {"crashes", [](Scenario& s) -> double& { return s.faults.crash.rate_per_s; }},
      {"torn appends", [](Scenario& s) -> double& { return s.faults.torn_append; }},
      {"drops", [](Scenario& s) -> double& { return s.faults.network.drop; }},
      {"duplicates", [](Scenario& s) -> double& { return s.faults.network.duplicate; }},
      {"reordering", [](Scenario& s) -> double& { return s.faults.network.reorder; }},
      {"partitions", [](Scenario& s) -> double& { return s.faults.partition.rate_per_s; }},
      {"clogs", [](Scenario& s) -> double& { return s.faults.clog.rate_per_s; }},
      {"pauses", [](Scenario& s) -> double& { return s.faults.pause.rate_per_s; }},
      {"clock changes", [](Scenario& s) -> double& { return s.faults.clock.rate_per_s; }},
      {"reconfigurations", [](Scenario& s) -> double& { return s.faults.reconfig_rate_per_s; }},
      {"leader changes", [](Scenario& s) -> double& { return s.faults.leader_change_rate_per_s; }},
      {"late duplicates", [](Scenario& s) -> double& { return s.faults.network.late_duplicate; }},
      {"stale deliveries", [](Scenario& s) -> double& { return s.faults.network.stale_delivery; }},
      {"preemption", [](Scenario& s) -> double& { return s.faults.preempt.probability; }},
      {"spurious wake-ups", [](Scenario& s) -> double& { return s.faults.preempt.spurious_wakeup; }},
      {"clock steps", [](Scenario& s) -> double& { return s.faults.clock.step_rate_per_s; }},
      {"disk stalls", [](Scenario& s) -> double& { return s.faults.disk.stall; }},
  };
}

std::vector<Candidate> candidates() {
  std::vector<Candidate> list;
  auto knob = [&list](const std::string& name, auto get) {
    list.push_back({name + " off", [get](Scenario& s) {
                      double& value = get(s);
                      if (value == 0) return false;
                      value = 0;
                      return true;
                    }});
    list.push_back({name + " halved",
                    [get](Scenario& s) {
                      double& value = get(s);
                      if (value == 0) return false;
                      value /= 2;
                      return true;
                    },
                    6});
  };
  for (const auto& [name, get] : fault_knobs()) knob(name, get);
  knob("empty values", [](Scenario& s) -> double& { return s.workload.empty_values; });
  knob("long values", [](Scenario& s) -> double& { return s.workload.long_values; });
  knob("repeated values", [](Scenario& s) -> double& { return s.workload.repeat_values; });
  knob("hot key", [](Scenario& s) -> double& { return s.workload.hot_key; });
  list.push_back({"step crashes off", [](Scenario& s) {
                    if (s.faults.crash_after.empty()) return false;
                    s.faults.crash_after.clear();
                    return true;
                  }});
  list.push_back({"safety phase halved", [](Scenario& s) {
                    if (s.safety_s < 0.5) return false;
                    s.safety_s *= 0.5;
                    return true;
                  }});
  list.push_back({"heal phase halved", [](Scenario& s) {
                    if (s.heal_s < 0.5) return false;
                    s.heal_s *= 0.5;
                    s.liveness_bound_s = std::min(s.liveness_bound_s, s.heal_s);
                    return true;
                  }});
  list.push_back({"safety phase shortened by a quarter", [](Scenario& s) {
                    if (s.safety_s < 0.5) return false;
                    s.safety_s *= 0.75;
                    return true;
                  }});
  list.push_back({"one client fewer", [](Scenario& s) {
                    if (s.clients <= 1) return false;
                    --s.clients;
                    return true;
                  }});
  list.push_back({"one spare replica fewer", [](Scenario& s) {
                    if (s.spare_replicas <= 0) return false;
                    --s.spare_replicas;
                    return true;
                  }});
  list.push_back({"one key fewer", [](Scenario& s) {
                    if (s.workload.keys <= 1) return false;
                    --s.workload.keys;
                    return true;
                  }});
  return list;
}

// The checker of the first violation, or "" if the run passed.
std::string first_checker(const RunResult& run) {
  return run.violations.empty() ? std::string() : run.violations.front().checker;
}

bool has_checker(const RunResult& run, const std::string& checker) {
  for (const Violation& violation : run.violations) {
    if (violation.checker == checker) return true;
  }
  return false;
}

}  // namespace

ShrinkResult shrink(const Scenario& scenario, std::uint64_t seed, const env::BugSet& bugs,
                    const ShrinkOptions& options) {
  ShrinkResult result;
  RunRequest request;
  request.seed = seed;
  request.bugs = bugs;
  result.scenario = freeze_swarm(scenario, seed);
  result.run = run_scenario(result.scenario, request);
  result.original = result.run;
  result.original_fault_kinds = fault_kinds_on(result.scenario);
  result.runs = 1;
  result.checker = first_checker(result.run);
  result.reproduced = !result.checker.empty();
  if (!result.reproduced) return result;

  // A change is kept if the same checker still fires and the run got no longer.
  auto try_run = [&](const Scenario& candidate, const RunRequest& with, const std::string& change) {
    RunResult run = run_scenario(candidate, with);
    ++result.runs;
    const bool kept = has_checker(run, result.checker) && run.events <= result.run.events;
    if (options.on_candidate) options.on_candidate(change, kept);
    if (!kept) return false;
    result.run = std::move(run);
    result.kept_changes.push_back(change);
    return true;
  };
  // First, the cut at the first violation: an online checker's finding ends the run there.
  RunRequest fail_fast = request;
  fail_fast.fail_fast = true;
  if (try_run(result.scenario, fail_fast, "stop at the first violation (--fail-fast)")) {
    request = fail_fast;
  }

  const std::vector<Candidate> all = candidates();
  std::map<std::string, int> kept_count;
  bool progress = true;
  while (progress && result.runs < options.max_runs) {
    progress = false;
    for (const Candidate& candidate : all) {
      if (result.runs >= options.max_runs) break;
      if (kept_count[candidate.change] >= candidate.max_kept) continue;
      Scenario smaller = result.scenario;
      if (!candidate.apply(smaller)) continue;
      if (!try_run(smaller, request, candidate.change)) continue;
      result.scenario = std::move(smaller);
      ++kept_count[candidate.change];
      progress = true;
    }
  }
  // The invariant of the acceptance rule: never longer than the input.
  if (result.run.events > result.original.events) {
    throw std::logic_error("shrink: the result is longer than its input");
  }
  result.fault_kinds = fault_kinds_on(result.scenario);
  result.scenario.name = scenario.name + "-shrunk";
  return result;
}

std::size_t fault_kinds_on(const Scenario& scenario) {
  Scenario copy = scenario;
  std::size_t on = copy.faults.crash_after.empty() ? 0 : 1;
  for (const auto& [name, get] : fault_knobs()) on += get(copy) > 0;
  return on;
}

}  // namespace grove::scenarios
