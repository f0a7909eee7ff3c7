// What the run, campaign and replay commands share: loading a scenario and bug flags as user
// input (exit 2 on bad input), the JSON form of a run's result, the artefacts of a run
// (trace, history, report, replay file).
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "core/env/bugs.h"
#include "scenarios/runner.h"
#include "scenarios/scenario.h"
#include "traces/replay_file.h"
#include "traces/run_digest.h"

namespace grove::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitBadInput = 2;
// No violation, but a check ran out of its budget: the run proves nothing (never a pass).
inline constexpr int kExitInconclusive = 3;
inline constexpr int kExitTimedOut = 5;  // replay --timeout

// 0 pass, 1 fail, 3 inconclusive.
int exit_code(scenarios::RunVerdict verdict);

// Applies a --check-budget flag (0: not given) to the scenario: the flag overrides the file.
void apply_check_budget(scenarios::Scenario& scenario, std::uint64_t check_budget);

// Applies a --fault-bound flag (-1: not given) to a small scope's step faults
// (faults.step_faults): at most `bound` of them per run, 0 none. A scenario without step faults
// has nothing to bound: the error is printed and false returned (bad input).
bool apply_fault_bound(scenarios::Scenario& scenario, int bound);

// Prints the error and returns nullopt on bad input.
std::optional<scenarios::Scenario> load_scenario_or_report(const std::string& name_or_path);
std::optional<env::BugSet> parse_bugs_or_report(const std::vector<std::string>& names);

// One JSON object describing the run (see docs/cli.md).
std::string run_result_json(const scenarios::RunResult& result, double wall_ms, bool pretty);
// A few human lines: verdict, numbers, violations.
std::string run_result_text(const scenarios::RunResult& result, double wall_ms);

// Writes the history (grovesim JSON) / HTML report of a run. Returns false (after printing
// why) if the file cannot be written.
bool write_history_file(const scenarios::RunResult& result, const std::string& path);
// The report draws the run's message-sequence chart from `digest` (collect_for_report).
bool write_report_file(const scenarios::RunResult& result, const std::string& path,
                       const traces::RunDigest& digest);
bool write_text_file(const std::string& path, const std::string& text);

// Opens `path` (if not empty) for the run's trace as JSON lines and points `request` at it.
bool open_trace_file(const std::string& path, std::ofstream& file, scenarios::RunRequest& request);
// Writes the history and report files that were asked for (empty paths: none).
bool write_run_files(const scenarios::RunResult& result, const std::string& history_path,
                     const std::string& report_path, const traces::RunDigest& digest);
// With a report asked for, makes `request` feed every trace event to `digest` too (it must
// outlive the run).
void collect_for_report(const std::string& report_path, traces::RunDigest& digest,
                        scenarios::RunRequest& request);

// A replay file with its scenario and bug flags parsed; nullopt (after printing why) on bad
// input.
struct LoadedReplay {
  traces::ReplayFile file;
  scenarios::Scenario scenario;
  env::BugSet bugs;
};
std::optional<LoadedReplay> load_replay_or_report(const std::string& path);

// A replay file of `seed`: `trace_hash` 0 says the recorded run never finished (it crashed or
// timed out); `violations` are "checker/rule: message" lines (an inconclusive run has one
// "linearizability/inconclusive: ..." line, so the file says why it was written).
std::string replay_json(const scenarios::Scenario& scenario, std::uint64_t seed,
                        const std::vector<std::string>& bugs, std::uint64_t trace_hash,
                        std::vector<std::string> violations, bool fail_fast = false,
                        const sim::ChoiceLog* choices = nullptr, std::uint64_t stop_at_event = 0);
std::string replay_json(const scenarios::Scenario& scenario, const scenarios::RunResult& result,
                        const std::vector<std::string>& bugs);

// Makes `out_dir`/failures and `out_dir`/inconclusive for a command's replay files. Results
// of an earlier run there (files in those folders, or any of `earlier_files`) would read as
// this run's: refused unless `force`, which removes them. On failure prints why ("--out DIR
// already holds `what`...") and returns false.
bool prepare_out_dir(const std::string& out_dir, bool force, const std::vector<std::string>& earlier_files,
                     const char* what);

double wall_ms_since(std::int64_t start_ns);
std::int64_t wall_now_ns();

}  // namespace grove::cli
