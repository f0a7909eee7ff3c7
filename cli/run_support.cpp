#include "cli/run_support.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "checkers/html_report.h"
#include "scenarios/run_report.h"
#include "scenarios/scenario_json.h"
#include "traces/history_json.h"
#include "traces/replay_file.h"

namespace grove::cli {

std::optional<scenarios::Scenario> load_scenario_or_report(const std::string& name_or_path) {
  scenarios::ScenarioLoad load = scenarios::load_scenario(name_or_path);
  if (!load.ok()) {
    std::fprintf(stderr, "grovesim: %s\n", load.error.c_str());
    return std::nullopt;
  }
  return load.scenario;
}

std::optional<env::BugSet> parse_bugs_or_report(const std::vector<std::string>& names) {
  env::BugSet bugs;
  for (const std::string& name : names) {
    std::optional<env::Bug> bug = env::parse_bug(name);
    if (!bug) {
      std::fprintf(stderr, "grovesim: --bug %s: unknown bug (see `grovesim bugs`)\n", name.c_str());
      return std::nullopt;
    }
    bugs.enable(*bug);
  }
  return bugs;
}

int exit_code(scenarios::RunVerdict verdict) {
  switch (verdict) {
    case scenarios::RunVerdict::kPass: return kExitOk;
    case scenarios::RunVerdict::kFail: return kExitFailed;
    case scenarios::RunVerdict::kInconclusive: return kExitInconclusive;
  }
  return kExitInconclusive;
}

void apply_check_budget(scenarios::Scenario& scenario, std::uint64_t check_budget) {
  if (check_budget != 0) scenario.check_budget = check_budget;
}

bool apply_fault_bound(scenarios::Scenario& scenario, int bound) {
  if (bound < 0) return true;
  scenarios::FaultSteps& steps = scenario.faults.steps;
  if (!steps.any()) {
    std::fprintf(stderr,
                 "grovesim: --fault-bound %d: scenario '%s' has no step faults to bound "
                 "(faults.step_faults; a small scope such as vkv-small has them)\n",
                 bound, scenario.name.c_str());
    return false;
  }
  if (bound == 0) {
    steps = scenarios::FaultSteps{};  // no step fault at all: the search covers schedules only
  } else {
    steps.max_faults = bound;
  }
  return true;
}

namespace {

std::string hex(std::uint64_t value) {
  char buffer[19];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

// Why an inconclusive run proves nothing, in one line.
std::string inconclusive_reason(const scenarios::RunResult& result) {
  return result.inconclusive_reason + ", no violation found so far";
}

}  // namespace

std::string run_result_json(const scenarios::RunResult& result, double wall_ms, bool pretty) {
  using nlohmann::json;
  json violations = json::array();
  for (const auto& violation : result.violations) {
    json entry = {
        {"checker", violation.checker}, {"rule", violation.rule}, {"message", violation.message}};
    if (violation.trace_index != traces::kNoTraceIndex) {
      entry["trace_index"] = violation.trace_index;
      entry["time_ns"] = violation.time_ns;
    }
    violations.push_back(std::move(entry));
  }
  json faults = json::array();
  for (const auto& decision : result.faults.decisions) {
    json entry = {{"fault", decision.fault}, {"enabled", decision.enabled}, {"scale", decision.scale}};
    if (decision.value != 0) {
      entry["value"] = decision.value;
      entry["unit"] = decision.unit;
    }
    faults.push_back(std::move(entry));
  }
  json coverage = json::object();
  for (const auto& [name, count] : result.coverage) coverage[name] = count;
  json document = {
      {"scenario", result.scenario},
      {"seed", result.seed},
      {"verdict", scenarios::verdict_name(result.verdict())},
      {"ok", result.passed()},
      {"checkers", result.checkers},
      {"violations", violations},
      {"linearizability", scenarios::verdict_name(result.linearizability_verdict)},
      {"check_budget", result.check_budget},
      {"check_steps", result.check_steps},
      {"trace_hash", hex(result.trace_hash)},
      {"stopped_early", result.stopped_early},
      {"events", result.events},
      {"ops", result.ops},
      {"ops_completed", result.ops_completed},
      {"sim_time_ns", result.sim_time_ns},
      {"wall_ms", wall_ms},
      {"faults", faults},
      {"coverage", coverage},
  };
  return pretty ? document.dump(2) : document.dump();
}

std::string run_result_text(const scenarios::RunResult& result, double wall_ms) {
  std::ostringstream out;
  out << "grovesim run: scenario " << result.scenario << ", seed " << result.seed << ": "
      << (result.verdict() == scenarios::RunVerdict::kPass   ? "ok"
          : result.verdict() == scenarios::RunVerdict::kFail ? "FAILED"
                                                             : "INCONCLUSIVE")
      << "\n";
  out << "  " << result.ops << " ops (" << result.ops_completed << " completed), "
      << result.events << " events, " << result.sim_time_ns / 1'000'000 << " ms simulated in "
      << static_cast<long long>(wall_ms) << " ms, trace hash " << hex(result.trace_hash) << "\n";
  if (!result.faults.decisions.empty()) out << "  faults: " << result.faults.describe() << "\n";
  if (result.linearizability_verdict == scenarios::RunVerdict::kInconclusive) {
    out << "  linearizability: inconclusive (" << inconclusive_reason(result) << ")\n";
  }
  if (result.stopped_early) out << "  stopped early: the run was cut at its first violation\n";
  for (const auto& violation : result.violations) {
    out << "  violation [" << violation.checker << "/" << violation.rule << "]";
    if (violation.trace_index != traces::kNoTraceIndex) {
      out << " at trace event " << violation.trace_index << " (t=" << violation.time_ns / 1'000'000
          << " ms)";
    }
    out << " " << violation.message << "\n";
  }
  if (result.linearizability.explanation) {
    out << result.linearizability.explanation->text;
    if (!result.linearizability.explanation->text.empty() &&
        result.linearizability.explanation->text.back() != '\n') {
      out << "\n";
    }
  }
  return out.str();
}

bool write_text_file(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  file.close();
  if (!file) {
    std::fprintf(stderr, "grovesim: %s: cannot write the file\n", path.c_str());
    return false;
  }
  return true;
}

bool write_history_file(const scenarios::RunResult& result, const std::string& path) {
  return write_text_file(path, traces::history_to_json(result.history));
}

bool write_report_file(const scenarios::RunResult& result, const std::string& path,
                       const traces::RunDigest& digest) {
  return write_text_file(path, scenarios::render_run_report(result, digest));
}

bool open_trace_file(const std::string& path, std::ofstream& file, scenarios::RunRequest& request) {
  if (path.empty()) return true;
  file.open(path, std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "grovesim: %s: cannot write the file\n", path.c_str());
    return false;
  }
  request.trace_jsonl = &file;
  return true;
}

bool write_run_files(const scenarios::RunResult& result, const std::string& history_path,
                     const std::string& report_path, const traces::RunDigest& digest) {
  return (history_path.empty() || write_history_file(result, history_path)) &&
         (report_path.empty() || write_report_file(result, report_path, digest));
}

void collect_for_report(const std::string& report_path, traces::RunDigest& digest,
                        scenarios::RunRequest& request) {
  if (report_path.empty()) return;
  auto previous = request.observer;
  request.observer = [&digest, previous](const traces::TraceEvent& event) {
    digest.observe(event);
    if (previous) previous(event);
  };
}

std::optional<LoadedReplay> load_replay_or_report(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "grovesim: %s: cannot read the file\n", path.c_str());
    return std::nullopt;
  }
  std::stringstream text;
  text << file.rdbuf();
  traces::ReplayLoad load = traces::parse_replay_file(text.str(), path);
  if (!load.replay) {
    std::fprintf(stderr, "grovesim: %s\n", load.error.c_str());
    return std::nullopt;
  }
  scenarios::ScenarioLoad scenario =
      scenarios::parse_scenario(load.replay->scenario_json, path + " (scenario)");
  if (!scenario.ok()) {
    std::fprintf(stderr, "grovesim: %s\n", scenario.error.c_str());
    return std::nullopt;
  }
  std::optional<env::BugSet> bugs = parse_bugs_or_report(load.replay->bugs);
  if (!bugs) return std::nullopt;
  return LoadedReplay{std::move(*load.replay), std::move(*scenario.scenario), *bugs};
}

std::string replay_json(const scenarios::Scenario& scenario, std::uint64_t seed,
                        const std::vector<std::string>& bugs, std::uint64_t trace_hash,
                        std::vector<std::string> violations, bool fail_fast,
                        const sim::ChoiceLog* choices, std::uint64_t stop_at_event) {
  traces::ReplayFile replay;
  if (choices != nullptr) replay.choices = *choices;
  replay.grovesim_version = GROVESIM_VERSION;
  replay.scenario_name = scenario.name;
  replay.scenario_json = scenarios::scenario_to_json(scenario);
  replay.seed = seed;
  replay.bugs = bugs;
  replay.trace_hash = trace_hash;
  replay.violations = std::move(violations);
  replay.fail_fast = fail_fast;
  replay.stop_at_event = stop_at_event;
  return traces::replay_file_json(replay);
}

std::string replay_json(const scenarios::Scenario& scenario, const scenarios::RunResult& result,
                        const std::vector<std::string>& bugs) {
  std::vector<std::string> violations;
  for (const auto& violation : result.violations) {
    violations.push_back(violation.checker + "/" + violation.rule + ": " + violation.message);
  }
  if (result.verdict() == scenarios::RunVerdict::kInconclusive) {
    violations.push_back("linearizability/inconclusive: " + inconclusive_reason(result));
  }
  return replay_json(scenario, result.seed, bugs, result.trace_hash, std::move(violations),
                     result.fail_fast, result.choices.empty() ? nullptr : &result.choices,
                     result.stop_at_event);
}

bool prepare_out_dir(const std::string& out_dir, bool force, const std::vector<std::string>& earlier_files,
                     const char* what) {
  const std::filesystem::path out(out_dir);
  auto holds_files = [](const std::filesystem::path& dir) {
    std::error_code ignored;
    return std::filesystem::is_directory(dir, ignored) && !std::filesystem::is_empty(dir, ignored);
  };
  bool earlier = holds_files(out / "failures") || holds_files(out / "inconclusive");
  for (const std::string& file : earlier_files) {
    std::error_code ignored;
    earlier = earlier || std::filesystem::exists(out / file, ignored);
  }
  std::error_code error;
  if (earlier) {
    if (!force) {
      std::fprintf(stderr,
                   "grovesim: --out %s already holds %s; choose another directory or pass --force "
                   "to replace them\n",
                   out_dir.c_str(), what);
      return false;
    }
    std::filesystem::remove_all(out / "failures", error);
    std::filesystem::remove_all(out / "inconclusive", error);
    for (const std::string& file : earlier_files) std::filesystem::remove(out / file, error);
  }
  error.clear();
  std::filesystem::create_directories(out / "failures", error);
  if (!error) std::filesystem::create_directories(out / "inconclusive", error);
  if (error) {
    std::fprintf(stderr, "grovesim: --out %s: %s\n", out_dir.c_str(), error.message().c_str());
    return false;
  }
  return true;
}

std::int64_t wall_now_ns() {
  // Wall time only measures grovesim itself for reports; it never reaches the simulation.
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double wall_ms_since(std::int64_t start_ns) {
  return static_cast<double>(wall_now_ns() - start_ns) / 1e6;
}

}  // namespace grove::cli
