#include "cli/run_command.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/run_support.h"
#include "traces/trace_recorder.h"

namespace grove::cli {

namespace {

// Runs the seed twice; on different hashes, names the first event where the traces part.
// The first run also writes the trace file (if asked) and is the run whose verdict, history,
// report and replay file are reported: a failing seed fails here too.
int check_determinism(const scenarios::Scenario& scenario, const scenarios::RunRequest& base,
                      const RunOptions& options) {
  const bool json = options.json;
  std::ofstream trace_file;
  scenarios::RunRequest first_request = base;
  if (!open_trace_file(options.trace_path, trace_file, first_request)) return kExitBadInput;
  std::vector<std::string> events[2];
  scenarios::RunResult runs[2];
  traces::RunDigest digest;  // of the first run, for its report
  double first_wall_ms = 0;
  for (int run = 0; run < 2; ++run) {
    scenarios::RunRequest request = run == 0 ? first_request : base;
    request.keep_prefix_hashes = true;
    std::vector<std::string>& sink = events[run];
    request.observer = [&sink](const traces::TraceEvent& event) {
      sink.push_back(traces::trace_event_json(event, sink.size()));
    };
    if (run == 0) collect_for_report(options.report_path, digest, request);
    const std::int64_t start = wall_now_ns();
    runs[run] = scenarios::run_scenario(scenario, request);
    if (run == 0) first_wall_ms = wall_ms_since(start);
  }
  const bool same = runs[0].trace_hash == runs[1].trace_hash && runs[0].events == runs[1].events;
  std::size_t at = 0;
  const auto& a = runs[0].prefix_hashes;
  const auto& b = runs[1].prefix_hashes;
  while (!same && at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  auto event_at = [&](int run) {
    return at < events[run].size() ? events[run][at] : std::string("(the trace ended)");
  };
  if (!write_run_files(runs[0], options.history_path, options.report_path, digest)) {
    return kExitBadInput;
  }
  if (!options.replay_path.empty() &&
      !write_text_file(options.replay_path, replay_json(scenario, runs[0], options.bugs))) {
    return kExitBadInput;
  }
  const std::string verdict(scenarios::verdict_name(runs[0].verdict()));
  if (json) {
    std::printf("{\"deterministic\": %s, \"verdict\": \"%s\", \"trace_hash\": \"%016llx\", "
                "\"events\": %llu",
                same ? "true" : "false", verdict.c_str(), static_cast<unsigned long long>(runs[0].trace_hash),
                static_cast<unsigned long long>(runs[0].events));
    if (!same) {
      std::printf(", \"first_divergent_event\": %zu, \"first_run_event\": %s, "
                  "\"second_run_event\": %s",
                  at, event_at(0).c_str(), event_at(1).c_str());
    }
    std::printf("}\n");
  } else if (same) {
    std::printf("deterministic: two runs gave trace hash %016llx over %llu events\n",
                static_cast<unsigned long long>(runs[0].trace_hash),
                static_cast<unsigned long long>(runs[0].events));
    std::cout << run_result_text(runs[0], first_wall_ms) << std::flush;
  } else {
    std::printf("NOT deterministic: the traces part at event %zu\n  first run:  %s\n"
                "  second run: %s\n",
                at, event_at(0).c_str(), event_at(1).c_str());
  }
  return same ? exit_code(runs[0].verdict()) : kExitFailed;
}

}  // namespace

int run_run(const RunOptions& options) {
  std::optional<scenarios::Scenario> scenario = load_scenario_or_report(options.scenario);
  if (!scenario) return kExitBadInput;
  apply_check_budget(*scenario, options.check_budget);
  std::optional<env::BugSet> bugs = parse_bugs_or_report(options.bugs);
  if (!bugs) return kExitBadInput;

  scenarios::RunRequest request;
  request.seed = options.seed;
  request.bugs = *bugs;
  request.fail_fast = options.fail_fast;
  if (options.record_choices && options.replay_path.empty()) {
    std::fprintf(stderr, "grovesim: --record-choices needs --replay FILE (the choices go there)\n");
    return kExitBadInput;
  }
  request.record_choices = options.record_choices;
  if (options.check_determinism) return check_determinism(*scenario, request, options);

  std::ofstream trace_file;
  if (!open_trace_file(options.trace_path, trace_file, request)) return kExitBadInput;
  traces::RunDigest digest;
  collect_for_report(options.report_path, digest, request);
  const std::int64_t start = wall_now_ns();
  const scenarios::RunResult result = scenarios::run_scenario(*scenario, request);
  const double wall_ms = wall_ms_since(start);
  if (!write_run_files(result, options.history_path, options.report_path, digest)) {
    return kExitBadInput;
  }
  if (!options.replay_path.empty() &&
      !write_text_file(options.replay_path, replay_json(*scenario, result, options.bugs))) {
    return kExitBadInput;
  }
  if (options.json) {
    std::cout << run_result_json(result, wall_ms, true) << "\n";
  } else {
    std::cout << run_result_text(result, wall_ms);
  }
  return exit_code(result.verdict());
}

}  // namespace grove::cli
