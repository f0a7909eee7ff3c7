#include "cli/replay_command.h"

#include <unistd.h>

#include <cmath>
#include <csignal>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/run_support.h"
#include "scenarios/scenario_json.h"
#include "traces/replay_file.h"

namespace grove::cli {

namespace {

// --timeout: a replay that runs past its wall-time limit ends with exit 5 and one line (the
// simulation itself never sees the wall clock; this only bounds how long a person waits).
void on_replay_timeout(int) {
  static const char message[] = "grovesim: replay timed out (--timeout)\n";
  (void)!::write(STDERR_FILENO, message, sizeof message - 1);
  ::_exit(kExitTimedOut);
}

}  // namespace

int run_replay(const ReplayOptions& options) {
  if (options.timeout_s > 0) {
    std::signal(SIGALRM, on_replay_timeout);
    ::alarm(static_cast<unsigned>(std::ceil(options.timeout_s)));
  }
  std::optional<LoadedReplay> loaded = load_replay_or_report(options.replay_path);
  if (!loaded) return kExitBadInput;
  const traces::ReplayFile& replay = loaded->file;
  env::BugSet bug_set = loaded->bugs;
  if (options.override_bugs) {
    std::optional<env::BugSet> bugs = parse_bugs_or_report(options.bugs);
    if (!bugs) return kExitBadInput;
    bug_set = *bugs;
  }

  apply_check_budget(loaded->scenario, options.check_budget);
  scenarios::RunRequest request;
  request.seed = replay.seed;
  request.bugs = bug_set;
  request.fail_fast = replay.fail_fast;  // the recorded run's trace ends where it stopped
  request.stop_at_event = replay.stop_at_event;
  // A recorded (or edited) choice list drives the run; the seed covers what it does not.
  if (!replay.choices.empty()) request.choices = &replay.choices;
  std::ofstream trace_file;
  if (!open_trace_file(options.trace_path, trace_file, request)) return kExitBadInput;
  traces::RunDigest digest;
  collect_for_report(options.report_path, digest, request);
  const std::int64_t start = wall_now_ns();
  const scenarios::RunResult result = scenarios::run_scenario(loaded->scenario, request);
  const double wall_ms = wall_ms_since(start);
  if (!write_run_files(result, options.history_path, options.report_path, digest)) {
    return kExitBadInput;
  }
  // A recorded hash of 0 means the recorded run never finished (it crashed or timed out).
  const bool recorded = replay.trace_hash != 0;
  const bool same_trace = recorded && result.trace_hash == replay.trace_hash && !options.override_bugs;
  if (options.json) {
    std::string json = run_result_json(result, wall_ms, true);
    json.insert(json.size() - 2, ",\n  \"replay_trace_hash_matches\": " +
                                     std::string(same_trace ? "true" : "false"));
    std::cout << json << "\n";
  } else {
    std::cout << run_result_text(result, wall_ms);
    if (recorded) {
      std::printf("  trace hash %s the recorded %016llx\n", same_trace ? "matches" : "DIFFERS from",
                  static_cast<unsigned long long>(replay.trace_hash));
    }
    if (!replay.grovesim_version.empty() && replay.grovesim_version != GROVESIM_VERSION) {
      std::printf("  (recorded by grovesim %s, this is %s)\n", replay.grovesim_version.c_str(),
                  GROVESIM_VERSION);
    }
  }
  if (recorded && !same_trace && !options.override_bugs) return kExitDiverged;
  return exit_code(result.verdict());
}

}  // namespace grove::cli
