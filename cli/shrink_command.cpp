#include "cli/shrink_command.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/run_support.h"
#include "scenarios/scenario_json.h"
#include "scenarios/shrink.h"
#include "traces/replay_file.h"

namespace grove::cli {

namespace {

std::string default_out_path(const std::string& path) {
  const std::string suffix = ".replay.json";
  if (path.size() > suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return path.substr(0, path.size() - suffix.size()) + ".shrunk.replay.json";
  }
  return path + ".shrunk.json";
}

}  // namespace

int run_shrink(const ShrinkOptions& options) {
  std::optional<LoadedReplay> loaded = load_replay_or_report(options.replay_path);
  if (!loaded) return kExitBadInput;
  apply_check_budget(loaded->scenario, options.check_budget);

  scenarios::ShrinkOptions shrink_options;
  shrink_options.max_runs = options.max_runs;
  if (!options.json) {
    shrink_options.on_candidate = [](const std::string& change, bool kept) {
      std::fprintf(stderr, "  %s %s\n", kept ? "kept:" : "tried:", change.c_str());
    };
  }
  const std::int64_t start = wall_now_ns();
  const scenarios::ShrinkResult result =
      scenarios::shrink(loaded->scenario, loaded->file.seed, loaded->bugs, shrink_options,
                        loaded->file.choices);
  const double wall_s = wall_ms_since(start) / 1000.0;
  if (!result.reproduced) {
    // An inconclusive run has no violation to keep firing: there is nothing to shrink, but it
    // did not pass either.
    const bool inconclusive = result.run.verdict() == scenarios::RunVerdict::kInconclusive;
    const std::string now = inconclusive ? "is inconclusive (" + result.run.inconclusive_reason +
                                               "; try a larger --check-budget)"
                                         : std::string("passes now");
    std::printf("%s: seed %llu %s: nothing to shrink\n", options.replay_path.c_str(),
                static_cast<unsigned long long>(loaded->file.seed), now.c_str());
    return inconclusive ? kExitInconclusive : kExitOk;
  }
  const std::string out = options.out_path.empty() ? default_out_path(options.replay_path)
                                                   : options.out_path;
  if (!write_text_file(out, replay_json(result.scenario, result.run, loaded->file.bugs))) {
    return kExitBadInput;
  }
  const auto& before = result.original;
  const auto& after = result.run;
  // Timed Nemesis faults that took part in the input's run and in the result's.
  const std::size_t faults_before = before.fault_events - before.fault_events_skipped;
  const std::size_t faults_after = after.fault_events - after.fault_events_skipped;
  const std::size_t nodes_before = static_cast<std::size_t>(
      loaded->scenario.replicas + loaded->scenario.spare_replicas +
      loaded->scenario.config_servers + loaded->scenario.clients);
  const std::size_t nodes_after = static_cast<std::size_t>(
      result.scenario.replicas + result.scenario.spare_replicas + result.scenario.config_servers +
      result.scenario.clients);
  if (options.json) {
    nlohmann::json summary = {
        {"replay", out},
        {"checker", result.checker},
        {"runs", result.runs},
        {"wall_s", wall_s},
        {"kept_changes", result.kept_changes},
        {"ops", after.ops},
        {"events", after.events},
        {"fail_fast", after.fail_fast},
        {"before", {{"events", before.events}, {"ops", before.ops},
                    {"fault_kinds", result.original_fault_kinds}, {"faults", faults_before},
                    {"nodes", nodes_before}}},
        {"after", {{"events", after.events}, {"ops", after.ops},
                   {"fault_kinds", result.fault_kinds}, {"faults", faults_after},
                   {"nodes", nodes_after}}}};
    if (!loaded->file.choices.empty()) {
      summary["before"]["decisions"] = result.decisions_before;
      summary["after"]["decisions"] = result.decisions_after;
    }
    std::cout << summary.dump(2) << "\n";
  } else {
    std::printf("shrunk in %zu runs (%.1f s): %zu changes kept, still fails in %s\n"
                "  events %llu -> %llu, ops %zu -> %zu, fault kinds %zu -> %zu, timed faults %zu -> %zu, "
                "nodes %zu -> %zu%s\n"
                "wrote %s\n",
                result.runs, wall_s, result.kept_changes.size(), result.checker.c_str(),
                static_cast<unsigned long long>(before.events),
                static_cast<unsigned long long>(after.events), before.ops, after.ops,
                result.original_fault_kinds, result.fault_kinds, faults_before, faults_after,
                nodes_before, nodes_after,
                after.fail_fast ? " (cut at the first violation)" : "", out.c_str());
    if (!loaded->file.choices.empty()) {
      std::printf("  non-default decisions of the choice lists: %zu -> %zu\n", result.decisions_before,
                  result.decisions_after);
    }
  }
  return kExitFailed;
}

}  // namespace grove::cli
