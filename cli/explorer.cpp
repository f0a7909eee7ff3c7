#include "cli/explorer.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>

#include "cli/run_support.h"
#include "cli/worker_pool.h"
#include "scenarios/exploration/abstract_state.h"
#include "scenarios/exploration/run_features.h"
#include "scenarios/runner.h"

namespace grove::cli {

namespace {

using nlohmann::json;

// Results are taken a batch at a time, in input order; guided search learns between batches.
// A fixed size (not --jobs) keeps the runs the same for any number of workers.
constexpr std::size_t kBatchSize = 8;

// Runs a batch's slots in the workers; their outcomes by slot.
std::map<std::uint64_t, SeedOutcome> run_batch(WorkerPool& pool, const std::vector<std::uint64_t>& slots) {
  std::map<std::uint64_t, SeedOutcome> outcomes;
  pool.run(slots, [&outcomes](const SeedOutcome& outcome) {
    outcomes[outcome.seed] = outcome;
    return true;
  });
  return outcomes;
}

void count(ExploreSummary& summary, const ExploreRun& run) {
  ++summary.runs;
  summary.failed += run.verdict != "pass" && run.verdict != "inconclusive";
  summary.inconclusive += run.verdict == "inconclusive";
}

}  // namespace

std::optional<Strategy> parse_strategy(std::string_view name) {
  if (name == "random") return Strategy::kRandom;
  if (name == "pct") return Strategy::kPct;
  if (name == "guided") return Strategy::kGuided;
  if (name == "dfs") return Strategy::kDfs;
  return std::nullopt;
}

const char* strategy_name(Strategy strategy) {
  switch (strategy) {
    case Strategy::kRandom: return "random";
    case Strategy::kPct: return "pct";
    case Strategy::kGuided: return "guided";
    case Strategy::kDfs: return "dfs";
  }
  return "random";
}

Explorer::Explorer(scenarios::Scenario scenario, env::BugSet bugs,
                   std::vector<std::string> bug_names, ExploreConfig config)
    : scenario_(std::move(scenario)),
      bugs_(bugs),
      bug_names_(std::move(bug_names)),
      config_(std::move(config)) {}

std::string Explorer::run_job(const Job& job, const env::BugSet& bugs, bool write_replay) const {
  const bool guided = config_.strategy == Strategy::kGuided;
  const bool pct = config_.strategy == Strategy::kPct;
  const bool dfs = config_.strategy == Strategy::kDfs;
  const bool keep_replay = write_replay && !config_.out_dir.empty();
  scenarios::RunRequest request;
  request.seed = job.input.seed;
  request.bugs = bugs;
  request.fail_fast = config_.fail_fast;
  request.pct = pct_;
  if (!job.input.choices.empty()) request.choices = &job.input.choices;
  // Guided search keeps what a run's steered streams drew; a pct or dfs run's replay file needs
  // the decisions the strategy made (replay follows the lists, no strategy needed).
  request.record_choices = guided || ((pct || dfs) && keep_replay);
  scenarios::RunFeatures features;
  if (guided) request.observer = [&features](const traces::TraceEvent& event) { features.observe(event); };
  scenarios::AbstractState state;
  std::optional<scenarios::DfsGuide> guide;  // dfs only
  if (dfs) {
    guide.emplace(job.dfs_prefix, config_.preemption_bound, state, write_replay);
    request.observer = [&state](const traces::TraceEvent& event) { state.observe(event); };
    request.guide = &*guide;
  }
  const scenarios::RunResult result = scenarios::run_scenario(scenario_, request);

  json violations = json::array();
  std::vector<std::string> described;
  for (const auto& violation : result.violations) {
    violations.push_back({violation.checker, violation.rule});
    described.push_back(violation.checker + "/" + violation.rule + ": " + violation.message);
  }
  json line = {{"verdict", scenarios::verdict_name(result.verdict())},
               {"violations", violations},
               {"events", result.events},
               {"contended_picks", result.contended_picks}};
  if (dfs) {
    // The branch points past the prefix's last decision: those are this run's to expand.
    const std::uint64_t from = job.dfs_prefix.empty() ? 0 : job.dfs_prefix.rbegin()->first + 1;
    json points = json::array();
    for (const scenarios::BranchPoint& point : guide->points()) {
      if (point.index < from) continue;
      points.push_back({point.index, static_cast<int>(point.stream), point.options,
                        point.preemptions_used, point.state});
    }
    line["points"] = std::move(points);
  }
  if (guided) {
    line["features"] = features.finish(result.coverage, result.violations);
    json steered = json::object();
    for (const char* stream : scenarios::kSteeredStreams) {
      auto it = result.choices.find(stream);
      if (it != result.choices.end()) steered[stream] = it->second;
    }
    line["steered"] = std::move(steered);
  }
  if (keep_replay && result.verdict() != scenarios::RunVerdict::kPass) {
    if (result.verdict() == scenarios::RunVerdict::kInconclusive) {
      described.push_back("linearizability/inconclusive: " + result.inconclusive_reason);
    }
    sim::ChoiceLog choices = job.input.choices;
    if (pct || dfs) {
      for (const char* stream : {"schedule", "step_faults"}) {
        auto list = result.choices.find(stream);
        if (list != result.choices.end()) choices[stream] = list->second;
      }
    }
    const char* folder = result.verdict() == scenarios::RunVerdict::kFail ? "failures" : "inconclusive";
    const std::string path = (std::filesystem::path(config_.out_dir) / folder /
                              (scenario_.name + "-" + strategy_name(config_.strategy) + "-run" +
                               std::to_string(job.index) + ".replay.json"))
                                 .string();
    if (write_text_file(path, replay_json(scenario_, job.input.seed, bug_names_, result.trace_hash,
                                          described, config_.fail_fast,
                                          choices.empty() ? nullptr : &choices))) {
      line["replay"] = path;
    }
  }
  return line.dump();
}

std::uint64_t Explorer::calibrate_pct_steps() const {
  std::uint64_t steps = 0;
  WorkerPool calibration(1, config_.run_timeout_s, [this](std::uint64_t seed) {
    scenarios::RunRequest request;
    request.seed = seed;
    request.bugs = bugs_;
    return std::to_string(scenarios::run_scenario(scenario_, request).contended_picks);
  });
  calibration.run({config_.first_seed}, [&steps](const SeedOutcome& outcome) {
    if (outcome.kind == SeedOutcome::Kind::kResult) steps = std::stoull(outcome.result_line);
    return true;
  });
  return std::max<std::uint64_t>(steps, 1);
}

std::string Explorer::verdict_of(const ExploreRun& run, const env::BugSet& bugs) const {
  std::string verdict = "crashed";
  const Job job{run.input, 0, run.dfs_prefix};
  WorkerPool pool(1, config_.run_timeout_s,
                  [this, &job, bugs](std::uint64_t) { return run_job(job, bugs, false); });
  pool.run({0}, [&verdict](const SeedOutcome& outcome) {
    if (outcome.kind == SeedOutcome::Kind::kResult) {
      verdict = json::parse(outcome.result_line)["verdict"].get<std::string>();
    } else if (outcome.kind == SeedOutcome::Kind::kTimedOut) {
      verdict = "timed-out";
    }
    return true;
  });
  return verdict;
}

ExploreRun Explorer::to_run(const Job& job, const SeedOutcome& outcome) {
  ExploreRun run;
  run.index = job.index;
  run.input = job.input;
  run.dfs_prefix = job.dfs_prefix;
  if (outcome.kind != SeedOutcome::Kind::kResult) {
    run.verdict = outcome.kind == SeedOutcome::Kind::kCrashed ? "crashed" : "timed-out";
    run.detail = outcome.detail;
    return run;
  }
  const json line = json::parse(outcome.result_line);
  run.verdict = line["verdict"].get<std::string>();
  run.events = line["events"].get<std::uint64_t>();
  for (const json& violation : line["violations"]) run.violations.emplace_back(violation[0], violation[1]);
  if (line.contains("replay")) run.replay_path = line["replay"].get<std::string>();
  return run;
}

ExploreSummary Explorer::run_dfs(const std::function<bool(const ExploreRun&)>& on_run) {
  ExploreSummary summary;
  const std::int64_t start = wall_now_ns();
  // Queued prefixes by their number of non-default decisions; the fewest go first (CHESS's
  // iterative context bounding): every run with one preemption or one fault is run before any
  // with two. Within a level, last in first out. The bounded tree is the same in any order.
  std::vector<std::vector<scenarios::DfsPrefix>> levels(1);
  levels[0].push_back({});  // the root: every decision at its default
  std::size_t queued = 1;
  std::set<std::uint64_t> expanded;              // pruning keys whose alternatives are queued
  std::set<std::uint64_t> states;
  std::vector<Job> batch;
  WorkerPool pool(config_.jobs, config_.run_timeout_s,
                  [this, &batch](std::uint64_t slot) { return run_job(batch.at(slot), bugs_, true); });
  while (queued > 0 && summary.runs < config_.budget && !summary.stopped) {
    batch.clear();
    std::vector<std::uint64_t> slots;
    while (queued > 0 && batch.size() < kBatchSize && summary.runs + batch.size() < config_.budget) {
      Job job;
      job.index = summary.runs + batch.size();
      job.input.seed = config_.first_seed;
      job.input.origin = "dfs";
      std::size_t level = 0;
      while (levels[level].empty()) ++level;
      job.dfs_prefix = std::move(levels[level].back());
      levels[level].pop_back();
      --queued;
      slots.push_back(batch.size());
      batch.push_back(std::move(job));
    }
    std::map<std::uint64_t, SeedOutcome> outcomes = run_batch(pool, slots);
    for (std::uint64_t slot : slots) {
      const SeedOutcome& outcome = outcomes[slot];
      const Job& job = batch[slot];
      ExploreRun run = to_run(job, outcome);
      count(summary, run);
      if (outcome.kind == SeedOutcome::Kind::kResult) {
        const json line = json::parse(outcome.result_line);
        for (const json& entry : line["points"]) {
          scenarios::BranchPoint point;
          point.index = entry[0].get<std::uint64_t>();
          point.stream = static_cast<scenarios::BranchStream>(entry[1].get<int>());
          point.options = entry[2].get<std::uint64_t>();
          point.preemptions_used = entry[3].get<int>();
          point.state = entry[4].get<std::uint64_t>();
          states.insert(point.state);
          if (!expanded.insert(scenarios::pruning_key(point, config_.preemption_bound)).second) continue;
          if (point.stream == scenarios::BranchStream::kSchedule &&
              point.preemptions_used >= config_.preemption_bound) {
            continue;
          }
          for (std::uint64_t option = point.options - 1; option >= 1; --option) {
            scenarios::DfsPrefix child = job.dfs_prefix;
            child[point.index] = option;
            if (levels.size() <= child.size()) levels.resize(child.size() + 1);
            levels[child.size()].push_back(std::move(child));
            ++queued;
          }
        }
      }
      if (!on_run(run)) {
        summary.stopped = true;
        break;
      }
    }
  }
  summary.exhausted = queued == 0 && !summary.stopped;
  summary.pending = queued;
  summary.distinct_states = states.size();
  summary.expanded = expanded.size();
  summary.wall_s = wall_ms_since(start) / 1000.0;
  return summary;
}

ExploreSummary Explorer::run(const std::function<bool(const ExploreRun&)>& on_run) {
  if (!config_.out_dir.empty()) {
    std::error_code ignored;
    std::filesystem::create_directories(std::filesystem::path(config_.out_dir) / "failures", ignored);
    std::filesystem::create_directories(std::filesystem::path(config_.out_dir) / "inconclusive", ignored);
  }
  if (config_.strategy == Strategy::kDfs) return run_dfs(on_run);
  ExploreSummary summary;
  const std::int64_t start = wall_now_ns();
  if (config_.strategy == Strategy::kPct) {
    pct_.depth = config_.pct_depth;
    pct_.steps = config_.pct_steps > 0 ? config_.pct_steps : calibrate_pct_steps();
    summary.pct_steps = pct_.steps;
  }
  scenarios::GuidedCorpus corpus(config_.first_seed * 0x9e3779b97f4a7c15ULL + 1);
  std::uint64_t next_fresh_seed = config_.first_seed;
  std::vector<Job> batch;
  WorkerPool pool(config_.jobs, config_.run_timeout_s,
                  [this, &batch](std::uint64_t slot) { return run_job(batch.at(slot), bugs_, true); });
  while (summary.runs < config_.budget && !summary.stopped) {
    batch.clear();
    const std::uint64_t size = std::min<std::uint64_t>(kBatchSize, config_.budget - summary.runs);
    std::vector<std::uint64_t> slots;
    for (std::uint64_t i = 0; i < size; ++i) {
      Job job;
      job.index = summary.runs + i;
      if (config_.strategy == Strategy::kGuided) {
        job.input = corpus.next(next_fresh_seed);
        if (!job.input.parent) ++next_fresh_seed;
      } else {
        job.input.seed = next_fresh_seed++;
      }
      batch.push_back(std::move(job));
      slots.push_back(i);
    }
    std::map<std::uint64_t, SeedOutcome> outcomes = run_batch(pool, slots);
    for (std::uint64_t slot : slots) {
      const SeedOutcome& outcome = outcomes[slot];
      ExploreRun run = to_run(batch[slot], outcome);
      count(summary, run);
      if (outcome.kind == SeedOutcome::Kind::kResult) {
        const json line = json::parse(outcome.result_line);
        if (config_.strategy == Strategy::kGuided) {
          sim::ChoiceLog steered;
          for (const auto& [stream, values] : line["steered"].items()) {
            steered[stream] = values.get<std::vector<std::uint64_t>>();
          }
          run.new_features = corpus.add_run(run.input, std::move(steered),
                                            line["features"].get<std::vector<std::uint64_t>>());
        }
      }
      if (!on_run(run)) {
        summary.stopped = true;
        break;
      }
    }
  }
  summary.corpus = corpus.size();
  summary.features = corpus.features();
  summary.wall_s = wall_ms_since(start) / 1000.0;
  return summary;
}

}  // namespace grove::cli
