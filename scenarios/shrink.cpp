#include "scenarios/shrink.h"

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
};

std::vector<Candidate> candidates() {
  std::vector<Candidate> list;
  auto knob = [&list](const std::string& name, auto get) {
    list.push_back({name + " off", [get](Scenario& s) {
                      double& value = get(s);
                      if (value == 0) return false;
                      value = 0;
                      return true;
                    }});
    list.push_back({name + " halved", [get](Scenario& s) {
                      double& value = get(s);
                      if (value == 0) return false;
                      value /= 2;
                      return true;
                    }});
  };
  knob("crashes", [](Scenario& s) -> double& { return s.faults.crash.rate_per_s; });
  knob("torn appends", [](Scenario& s) -> double& { return s.faults.torn_append; });
  knob("drops", [](Scenario& s) -> double& { return s.faults.network.drop; });
  knob("duplicates", [](Scenario& s) -> double& { return s.faults.network.duplicate; });
  knob("reordering", [](Scenario& s) -> double& { return s.faults.network.reorder; });
  knob("partitions", [](Scenario& s) -> double& { return s.faults.partition.rate_per_s; });
  knob("clogs", [](Scenario& s) -> double& { return s.faults.clog.rate_per_s; });
  knob("pauses", [](Scenario& s) -> double& { return s.faults.pause.rate_per_s; });
  knob("clock changes", [](Scenario& s) -> double& { return s.faults.clock.rate_per_s; });
  knob("reconfigurations", [](Scenario& s) -> double& { return s.faults.reconfig_rate_per_s; });
  knob("leader changes", [](Scenario& s) -> double& { return s.faults.leader_change_rate_per_s; });
  knob("late duplicates", [](Scenario& s) -> double& { return s.faults.network.late_duplicate; });
  knob("stale deliveries", [](Scenario& s) -> double& { return s.faults.network.stale_delivery; });
  knob("preemption", [](Scenario& s) -> double& { return s.faults.preempt.probability; });
  knob("spurious wake-ups", [](Scenario& s) -> double& { return s.faults.preempt.spurious_wakeup; });
  knob("clock steps", [](Scenario& s) -> double& { return s.faults.clock.step_rate_per_s; });
  knob("disk stalls", [](Scenario& s) -> double& { return s.faults.disk.stall; });
  knob("empty values", [](Scenario& s) -> double& { return s.workload.empty_values; });
  knob("long values", [](Scenario& s) -> double& { return s.workload.long_values; });
  knob("repeated values", [](Scenario& s) -> double& { return s.workload.repeat_values; });
  knob("hot key", [](Scenario& s) -> double& { return s.workload.hot_key; });
  list.push_back({"step crashes off", [](Scenario& s) {
                    if (s.faults.crash_after.empty()) return false;
                    s.faults.crash_after.clear();
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
  result.runs = 1;
  result.checker = first_checker(result.run);
  result.reproduced = !result.checker.empty();
  if (!result.reproduced) return result;

  const std::vector<Candidate> all = candidates();
  bool progress = true;
  while (progress && result.runs < options.max_runs) {
    progress = false;
    for (const Candidate& candidate : all) {
      if (result.runs >= options.max_runs) break;
      Scenario smaller = result.scenario;
      if (!candidate.apply(smaller)) continue;
      RunResult run = run_scenario(smaller, request);
      ++result.runs;
      const bool still_fails = has_checker(run, result.checker);
      if (options.on_candidate) options.on_candidate(candidate.change, still_fails);
      if (!still_fails) continue;
      result.scenario = std::move(smaller);
      result.run = std::move(run);
      result.kept_changes.push_back(candidate.change);
      progress = true;
    }
  }
  result.scenario.name = scenario.name + "-shrunk";
  return result;
}

}  // namespace grove::scenarios
