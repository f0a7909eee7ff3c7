#include "scenarios/shrink.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "scenarios/ddmin.h"
#include "scenarios/swarm.h"
#include "sim/choice_source.h"

namespace grove::scenarios {

Scenario freeze_swarm(const Scenario& scenario, std::uint64_t seed, const sim::ChoiceLog* choices) {
  if (!scenario.swarm) return scenario;
  // The same draw as run_scenario makes: its own choice source from the seed (and the list).
  sim::ChoiceSource source(seed);
  if (choices != nullptr) source.replay(*choices);
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
  // One fewer of a count of the cluster or workload, down to `least`. Fewer servers: a smaller
  // bootstrap and less background (lease renewals, commits, Paxos).
  auto one_fewer = [&list](const std::string& name, int least, auto get) {
    list.push_back({"one " + name + " fewer", [least, get](Scenario& s) {
                      int& count = get(s);
                      if (count <= least) return false;
                      --count;
                      return true;
                    }});
  };
  one_fewer("client", 1, [](Scenario& s) -> int& { return s.clients; });
  one_fewer("spare replica", 0, [](Scenario& s) -> int& { return s.spare_replicas; });
  one_fewer("replica", 1, [](Scenario& s) -> int& { return s.replicas; });
  one_fewer("config server", 1, [](Scenario& s) -> int& { return s.config_servers; });
  one_fewer("key", 1, [](Scenario& s) -> int& { return s.workload.keys; });
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

// The streams whose non-default decisions delta debugging removes.
constexpr const char* kDecisionStreams[] = {"schedule", "step_faults"};

std::size_t non_default_decisions(const sim::ChoiceLog& choices) {
  std::size_t count = 0;
  for (const char* stream : kDecisionStreams) {
    auto list = choices.find(stream);
    if (list == choices.end()) continue;
    for (std::uint64_t value : list->second) count += value != 0;
  }
  return count;
}

ShrinkResult shrink(const Scenario& scenario, std::uint64_t seed, const env::BugSet& bugs,
                    const ShrinkOptions& options, const sim::ChoiceLog& choices) {
  ShrinkResult result;
  result.choices = choices;
  result.decisions_before = non_default_decisions(choices);
  // A decision list that ran out would hand its stream back to the seed's draws, and a
  // shrunk run that draws more than the original would get random preemptions and faults:
  // padded with defaults, every later decision is the default. (The original run consumed
  // its recorded lists exactly, so the padding does not change it.)
  for (const char* stream : kDecisionStreams) {
    auto list = result.choices.find(stream);
    if (list != result.choices.end()) list->second.resize(list->second.size() * 4 + 10'000, 0);
  }
  RunRequest request;
  request.seed = seed;
  request.bugs = bugs;
  // The request points at result.choices, which the list shrinking below edits in place.
  if (!result.choices.empty()) request.choices = &result.choices;
  result.scenario = freeze_swarm(scenario, seed, request.choices);
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

  // Runs kept back for the final cut (a bisection of the run's length).
  constexpr std::size_t kCutReserve = 24;
  auto budget_left = [&] { return result.runs + kCutReserve < options.max_runs; };
  // The cut right after the failure shows: the shortest prefix of the run (in trace events) in
  // which the same checker fires, by bisection (a prefix that shows a violation shows it in
  // every longer prefix too: later events only add constraints). Checkers that judge at the end
  // (linearizability, leases, the apps' checks) see the prefix; online ones already stopped the
  // run at their event. Later candidates run with the cut, so they are cheaper too.
  auto cut_after_failure = [&] {
    std::uint64_t low = 1;
    std::uint64_t high = result.run.events;  // a run cut there fires: it is the run itself
    while (low < high && result.runs < options.max_runs) {
      const std::uint64_t middle = low + (high - low) / 2;
      RunRequest cut = request;
      cut.stop_at_event = middle;
      if (try_run(result.scenario, cut, "cut after trace event " + std::to_string(middle))) {
        high = std::min<std::uint64_t>(middle, result.run.events);
        request = cut;
      } else {
        low = middle + 1;
      }
    }
  };
  cut_after_failure();

  const std::vector<Candidate> all = candidates();
  std::map<std::string, int> kept_count;
  bool progress = true;
  // The knobs get at most half of the budget: a fragile failure (one that almost any knob
  // loses, since a knob moves every later draw) would otherwise spend it all on pass after
  // pass of the knobs, and leave nothing for the delta debugging below, whose steps move
  // nothing else.
  const std::size_t knobs_until = result.runs + (options.max_runs - std::min(options.max_runs, result.runs)) / 2;
  auto knob_budget_left = [&] { return budget_left() && result.runs < knobs_until; };
  while (progress && knob_budget_left()) {
    progress = false;
    for (const Candidate& candidate : all) {
      if (!knob_budget_left()) break;
      if (kept_count[candidate.change] >= candidate.max_kept) continue;
      Scenario smaller = result.scenario;
      if (!candidate.apply(smaller)) continue;
      if (!try_run(smaller, request, candidate.change)) continue;
      result.scenario = std::move(smaller);
      ++kept_count[candidate.change];
      progress = true;
    }
  }

  // Delta debugging over `items` by adding groups of them to one of the scenario's skip lists
  // (`skip_list` picks it, kept sorted); returns whether what is left is 1-minimal.
  auto leave_out = [&](auto& items, auto skip_list, const char* what) {
    using Item = typename std::decay_t<decltype(items)>::value_type;
    const std::size_t total = items.size();
    std::function<bool(const std::vector<Item>&)> try_skip = [&](const std::vector<Item>& group) {
      Scenario fewer = result.scenario;
      auto& skip = skip_list(fewer);
      skip.insert(skip.end(), group.begin(), group.end());
      std::sort(skip.begin(), skip.end());
      if (!try_run(fewer, request, "leave out " + std::to_string(group.size()) + " of " +
                                       std::to_string(total) + " " + what)) {
        return false;
      }
      result.scenario = std::move(fewer);
      return true;
    };
    return ddmin(items, try_skip, std::function<bool()>(budget_left)).one_minimal;
  };

  // Delta debugging over the Nemesis's timed faults: each one left out by number
  // (faults.skip_events), which moves none of the others, so the faults left are each needed.
  // After the knobs: halving a rate redraws every fault time, and renumbers them.
  {
    std::vector<std::uint64_t> events;
    for (std::uint64_t i = 0; i < result.run.fault_events; ++i) {
      if (!std::binary_search(result.scenario.faults.skip_events.begin(),
                              result.scenario.faults.skip_events.end(), i)) {
        events.push_back(i);
      }
    }
    result.fault_events_before = events.size();
    result.faults_one_minimal =
        leave_out(events, [](Scenario& scenario) -> auto& { return scenario.faults.skip_events; }, "faults");
    result.fault_events_after = events.size();
  }
  // Delta debugging over the clients' operations: each left out by (client, n)
  // (workload.skip_ops), drawn as if issued, so no other op moves; the ops left are needed.
  {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ops;
    const auto& skipped = result.scenario.workload.skip_ops;
    for (std::uint64_t client = 0; client < result.run.workload_ops.size(); ++client) {
      for (std::uint64_t n = 0; n < result.run.workload_ops[client]; ++n) {
        if (!std::binary_search(skipped.begin(), skipped.end(), std::make_pair(client, n))) {
          ops.emplace_back(client, n);
        }
      }
    }
    result.ops_before = ops.size();
    result.ops_one_minimal = leave_out(
        ops, [](Scenario& scenario) -> auto& { return scenario.workload.skip_ops; }, "client operations");
    result.ops_after = ops.size();
  }
  // Delta debugging over the non-default decisions of the choice lists: groups of them set to
  // the default, halving the group size down to one decision at a time.
  std::vector<std::pair<std::string, std::size_t>> positions;  // (stream, index) of each
  for (const char* stream : kDecisionStreams) {
    auto list = result.choices.find(stream);
    if (list == result.choices.end()) continue;
    for (std::size_t i = 0; i < list->second.size(); ++i) {
      if (list->second[i] != 0) positions.emplace_back(stream, i);
    }
  }
  const std::size_t decisions = positions.size();
  std::function<bool(const std::vector<std::pair<std::string, std::size_t>>&)> try_default =
      [&](const std::vector<std::pair<std::string, std::size_t>>& group) {
        const sim::ChoiceLog before = result.choices;
        for (const auto& [stream, index] : group) result.choices[stream][index] = 0;
        if (try_run(result.scenario, request, "default " + std::to_string(group.size()) + " of " +
                                                  std::to_string(decisions) + " non-default decisions")) {
          return true;
        }
        result.choices = before;
        return false;
      };
  ddmin(positions, try_default, std::function<bool()>(budget_left));
  // A guided search's fault list: as short as it can be (the seed decides the rest).
  for (auto list = result.choices.find("faults");
       list != result.choices.end() && !list->second.empty() && result.runs < options.max_runs;) {
    const std::vector<std::uint64_t> before = list->second;
    list->second.resize(before.size() / 2);
    if (!try_run(result.scenario, request, "fault list cut to " + std::to_string(list->second.size()))) {
      list->second = before;
      break;
    }
  }
  // Fewer faults and decisions may show the failure earlier.
  cut_after_failure();
  if (!result.choices.empty()) {
    // The final run once more, recording: its lists end where its draws ended (no padding in
    // the replay file), and replaying them is this very run.
    RunRequest recording = request;
    recording.record_choices = true;
    RunResult recorded = run_scenario(result.scenario, recording);
    ++result.runs;
    if (recorded.trace_hash != result.run.trace_hash) {
      throw std::logic_error("shrink: recording the final run changed it");
    }
    sim::ChoiceLog used;
    for (const auto& [stream, values] : choices) used[stream] = recorded.choices[stream];
    result.choices = std::move(used);
    result.run = std::move(recorded);
  }
  result.decisions_after = non_default_decisions(result.choices);
  result.run.choices = result.choices;

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
