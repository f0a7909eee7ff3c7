// The grovesim command: the composition root and the only TU that includes CLI11.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <cstdio>
#include <iostream>

#include "checkers/model_registry.h"
#include "cli/bugs_command.h"
#include "cli/campaign_command.h"
#include "cli/check_command.h"
#include "cli/cluster_command.h"
#include "cli/kv_command.h"
#include "cli/real_campaign_command.h"
#include "cli/kv_bench_command.h"
#include "cli/serve_command.h"
#include "cli/explore_command.h"
#include "cli/hunt_command.h"
#include "cli/replay_command.h"
#include "cli/scenarios_command.h"
#include "cli/shrink_command.h"
#include "cli/run_command.h"

namespace {

// A step count >= 1, in decimal digits only (CLI11 would read "-1" as 2^64 - 1).
const CLI::Validator kStepCount(
    [](std::string& text) -> std::string {
      const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || text.find_first_not_of('0') == std::string::npos || text.size() > 19) {
        return "expected a number of search steps from 1 to 9999999999999999999, got " + text;
      }
      return "";
    },
    "STEPS");

// A seed: a decimal u64 (CLI11 would read "-5" as 2^64 - 5 and saturate an overlong number).
const CLI::Validator kSeed(
    [](std::string& text) -> std::string {
      const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
      const std::string shown = text.size() > 40 ? text.substr(0, 40) + "..." : text;
      if (!digits) return "expected a seed, a whole number from 0 to 18446744073709551615, got " + shown;
      const std::string trimmed = text.substr(std::min(text.find_first_not_of('0'), text.size() - 1));
      if (trimmed.size() > 20 || (trimmed.size() == 20 && trimmed > "18446744073709551615")) {
        return "expected a seed from 0 to 18446744073709551615, got " + shown;
      }
      return "";
    },
    "SEED");

// --check-budget N on the commands that run seeds: it overrides the scenario's check_budget.
void add_check_budget(CLI::App* command, std::uint64_t& steps) {
  command
      ->add_option("--check-budget", steps,
                   "Search steps the linearizability check may spend (overrides the scenario's "
                   "check_budget); out of steps without a violation the run is inconclusive")
      ->check(kStepCount);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"grovesim: deterministic simulation and checking of the Grove replicated KV"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("grovesim ") + GROVESIM_VERSION);

  grove::cli::RunOptions run_options;
  CLI::App* run = app.add_subcommand("run", "Simulate one seed of a scenario and check it");
  run->add_option("--scenario", run_options.scenario, "Built-in scenario name or scenario file")
      ->capture_default_str();
  run->add_option("--seed", run_options.seed, "Seed of the run")->capture_default_str()->check(kSeed);
  run->add_option("--bug", run_options.bugs, "Plant a bug (repeatable; see `grovesim bugs`)");
  run->add_option("--trace", run_options.trace_path, "Write every trace event (JSON lines)");
  run->add_option("--history", run_options.history_path, "Write the client history (JSON)");
  run->add_option("--report", run_options.report_path, "Write an HTML report");
  run->add_option("--replay", run_options.replay_path, "Write a replay file of this run");
  run->add_flag("--check-determinism", run_options.check_determinism,
                "Run the seed twice and report the first divergent event");
  run->add_flag("--json", run_options.json, "Print the result as one JSON object");
  run->add_flag("--record-choices", run_options.record_choices,
                "Put every decision of the run (its choice list, per stream) into the --replay file; "
                "`grovesim replay` then follows the list before the seed");
  run->add_flag("--fail-fast", run_options.fail_fast,
                "Stop the run at its first protocol violation (the checkers run online)");
  add_check_budget(run, run_options.check_budget);
  run->callback([&] { std::exit(grove::cli::run_run(run_options)); });

  grove::cli::CampaignOptions campaign_options;
  CLI::App* campaign =
      app.add_subcommand("campaign", "Run many seeds of a scenario in worker processes");
  campaign->add_option("--scenario", campaign_options.scenario, "Built-in scenario or file")
      ->capture_default_str();
  campaign->add_option("--seeds", campaign_options.seeds, "Seed range A..B (inclusive)")
      ->capture_default_str();
  campaign->add_option("--jobs", campaign_options.jobs, "Worker processes")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  campaign->add_option("--shard", campaign_options.shard,
                       "Run only shard I of N (seeds with (seed - A) % N == I), as I/N");
  campaign->add_option("--bug", campaign_options.bugs, "Plant a bug (repeatable)");
  campaign->add_option("--out", campaign_options.out_dir,
                       "Directory for summary.json and failures/*.replay.json")
      ->capture_default_str();
  campaign->add_option("--max-failures", campaign_options.max_failures,
                       "Stop after this many failing seeds (0: never)");
  campaign->add_option("--seed-timeout", campaign_options.seed_timeout_s,
                       "Wall-time limit of one seed in seconds; over it the seed fails")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  campaign->add_flag("--json", campaign_options.json, "Print the summary as JSON");
  campaign->add_flag("--force", campaign_options.force,
                     "Replace the results of an earlier campaign in --out");
  campaign->add_flag("--fail-fast", campaign_options.fail_fast,
                     "Stop each seed at its first protocol violation");
  add_check_budget(campaign, campaign_options.check_budget);
  campaign->callback([&] { std::exit(grove::cli::run_campaign(campaign_options)); });

  grove::cli::ExploreOptions explore_options;
  CLI::App* explore = app.add_subcommand(
      "explore", "Search a scenario's choice space with a strategy (random, pct, guided, dfs)");
  explore->add_option("--scenario", explore_options.scenario, "Built-in scenario or file")
      ->capture_default_str();
  explore->add_option("--strategy", explore_options.strategy,
                      "random (seed after seed), pct (PCT over the scheduler's picks), guided "
                      "(coverage-guided mutation of the fault choices) or dfs (bounded exhaustive "
                      "search of one seed's safety phase; for small scopes such as vkv-small)")
      ->capture_default_str();
  explore->add_option("--budget", explore_options.budget, "Runs to make")->capture_default_str();
  explore->add_option("--seed", explore_options.first_seed, "First seed (the search's own seed too)")
      ->capture_default_str()
      ->check(kSeed);
  explore->add_option("--bug", explore_options.bugs, "Plant a bug (repeatable)");
  explore->add_option("--jobs", explore_options.jobs, "Worker processes")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  explore->add_option("--out", explore_options.out_dir,
                      "Directory for failing runs' replay files (failures/, inconclusive/)")
      ->capture_default_str();
  explore->add_option("--depth", explore_options.pct_depth,
                      "PCT: bug depth d (d - 1 priority change points per run)")
      ->capture_default_str();
  explore->add_option("--pct-steps", explore_options.pct_steps,
                      "PCT: contended picks the change points are drawn among (0: measured by a "
                      "calibration run of the first seed)")
      ->capture_default_str();
  explore->add_option("--preemption-bound", explore_options.preemption_bound,
                      "dfs: non-default scheduling picks per run")
      ->capture_default_str();
  explore->add_option("--fault-bound", explore_options.fault_bound,
                      "Step faults per run, 0 to 16 (overrides the scope's faults.step_faults.max_faults; "
                      "for small scopes such as vkv-small)")
      ->check(CLI::Range(0, 16));
  explore->add_option("--max-failures", explore_options.max_failures,
                      "Stop after this many failing runs (0: never)");
  explore->add_option("--run-timeout", explore_options.run_timeout_s,
                      "Wall-time limit of one run in seconds; over it the run fails")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  explore->add_flag("--json", explore_options.json, "Print the summary as JSON");
  explore->add_flag("--force", explore_options.force,
                    "Replace the replay files of an earlier search in --out");
  explore->add_flag("--fail-fast", explore_options.fail_fast,
                    "Stop each run at its first protocol violation");
  add_check_budget(explore, explore_options.check_budget);
  explore->callback([&] { std::exit(grove::cli::run_explore(explore_options)); });

  grove::cli::ReplayOptions replay_options;
  CLI::App* replay = app.add_subcommand("replay", "Re-run a replay file bit for bit");
  replay->add_option("file", replay_options.replay_path, "Replay file")->required();
  CLI::Option* replay_bugs =
      replay->add_option("--bug", replay_options.bugs, "Replace the file's planted bugs");
  replay->add_option("--trace", replay_options.trace_path, "Write every trace event (JSON lines)");
  replay->add_option("--history", replay_options.history_path, "Write the client history");
  replay->add_option("--report", replay_options.report_path, "Write an HTML report");
  replay->add_flag("--json", replay_options.json, "Print the result as one JSON object");
  replay->add_option("--timeout", replay_options.timeout_s,
                     "Wall-time limit in seconds; past it the replay stops with exit 5")
      ->check(CLI::PositiveNumber);
  add_check_budget(replay, replay_options.check_budget);
  replay->callback([&] {
    replay_options.override_bugs = replay_bugs->count() > 0;
    std::exit(grove::cli::run_replay(replay_options));
  });

  grove::cli::ShrinkOptions shrink_options;
  CLI::App* shrink_command =
      app.add_subcommand("shrink", "Find a smaller scenario that still fails the same way");
  shrink_command->add_option("file", shrink_options.replay_path, "Replay file of a failing seed")
      ->required();
  shrink_command->add_option("--out", shrink_options.out_path,
                             "Where to write the shrunk replay file (default: FILE.shrunk...)");
  shrink_command->add_option("--max-runs", shrink_options.max_runs, "Budget of candidate runs")
      ->capture_default_str();
  shrink_command->add_flag("--json", shrink_options.json, "Print the outcome as JSON");
  add_check_budget(shrink_command, shrink_options.check_budget);
  shrink_command->callback([&] { std::exit(grove::cli::run_shrink(shrink_options)); });

  grove::cli::MergeOptions merge_options;
  CLI::App* merge = app.add_subcommand("merge", "Combine the summaries of campaign shards");
  merge->add_option("dirs", merge_options.dirs, "Campaign output directories")->required();
  merge->add_flag("--json", merge_options.json, "Print the merged summary as JSON");
  merge->callback([&] { std::exit(grove::cli::run_merge(merge_options)); });

  grove::cli::ScenariosOptions scenarios_options;
  CLI::App* scenarios_command = app.add_subcommand("scenarios", "List the built-in scenarios");
  scenarios_command->add_option("--show", scenarios_options.show, "Print one scenario's file");
  scenarios_command->callback([&] { std::exit(grove::cli::run_scenarios(scenarios_options)); });

  grove::cli::CheckOptions check_options;
  CLI::App* check = app.add_subcommand("check", "Check a history for linearizability");
  check->add_option("history", check_options.history_path, "History file")->required();
  check->add_option("--format", check_options.format, "History format")
      ->check(CLI::IsMember({"auto", "grovesim", "porcupine-etcd", "porcupine-kv", "jepsen-edn"}))
      ->capture_default_str();
  std::string model_help = "Sequential model (default: from the format):";
  for (const grove::checkers::Model* model : grove::checkers::all_models()) {
    model_help += "\n  " + std::string(model->name()) + ": " + std::string(model->summary());
  }
  check->add_option("--model", check_options.model, model_help);
  check->add_option("--timeout", check_options.timeout_seconds,
                    "Time budget in seconds (0: none); when exhausted the verdict is "
                    "inconclusive (exit 3)");
  check->add_option("--check-budget", check_options.check_budget,
                    "Search steps the check may spend (the same verdict on every machine); "
                    "when exhausted the verdict is inconclusive (exit 3)")
      ->check(kStepCount)
      ->capture_default_str();
  check->add_option("--report", check_options.report_path, "Write a self-contained HTML report");
  check->add_flag("--json", check_options.json, "Print the result as one JSON object");
  check->add_flag("!--no-partition", check_options.partition,
                  "Check the whole history as one state (no per-key partitioning)");
  check->callback([&] { std::exit(grove::cli::run_check(check_options)); });

  grove::cli::BugsOptions bugs_options;
  CLI::App* bugs = app.add_subcommand("bugs", "List the planted bugs (--bug NAME) and how each is found");
  bugs->add_flag("--json", bugs_options.json, "Print the catalogue as JSON");
  bugs->callback([&] { std::exit(grove::cli::run_bugs(bugs_options)); });

  grove::cli::HuntOptions hunt_options;
  CLI::App* hunt = app.add_subcommand(
      "hunt", "Run seeds until a planted bug is found; report seeds, wall time and checker");
  hunt->add_option("--bug", hunt_options.bugs, "Bug to hunt (repeatable; see `grovesim bugs`)");
  hunt->add_flag("--all", hunt_options.all, "Hunt every bug of the catalogue and print a table");
  hunt->add_option("--scenario", hunt_options.scenario,
                   "Scenario to use instead of each bug's expected one");
  hunt->add_flag("--generic", hunt_options.generic,
                 "Hunt each bug in its app's default scenario (vkv for protocol bugs)");
  hunt->add_option("--max-seeds", hunt_options.max_seeds, "Give up after this many seeds")
      ->capture_default_str();
  hunt->add_option("--first-seed", hunt_options.first_seed, "First seed")
      ->capture_default_str()
      ->check(kSeed);
  hunt->add_option("--jobs", hunt_options.jobs, "Worker processes (default: one per CPU)")
      ->check(CLI::Range(1, 1024));
  hunt->add_option("--seed-timeout", hunt_options.seed_timeout_s,
                   "Wall-time limit of one seed in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  hunt->add_option("--strategy", hunt_options.strategy,
                   "random (seed after seed), pct, guided or dfs (as `grovesim explore`); the seeds "
                   "column then counts runs")
      ->capture_default_str();
  hunt->add_option("--depth", hunt_options.pct_depth, "PCT depth (with --strategy pct)")
      ->capture_default_str();
  hunt->add_option("--preemption-bound", hunt_options.preemption_bound,
                   "dfs: non-default scheduling picks per run (as `grovesim explore`)")
      ->capture_default_str();
  hunt->add_option("--fault-bound", hunt_options.fault_bound,
                   "Step faults per run, 0 to 16 (with --scenario: a small scope such as vkv-small)")
      ->check(CLI::Range(0, 16));
  hunt->add_flag("--json", hunt_options.json, "Print the results as JSON");
  add_check_budget(hunt, hunt_options.check_budget);
  hunt->callback([&] { std::exit(grove::cli::run_hunt(hunt_options)); });

  // ---- real processes (runtime/) --------------------------------------------------------
  grove::cli::ServeOptions serve_options;
  CLI::App* serve = app.add_subcommand("serve", "Run one Grove node (config server or replica) as this process");
  serve->add_option("role", serve_options.role, "config or replica")->required();
  serve->add_option("--listen", serve_options.listen, "Address to serve on, A.B.C.D:PORT")->required();
  serve->add_option("--config", serve_options.config, "The config servers, A.B.C.D:PORT,...")->required();
  serve->add_option("--data", serve_options.data, "Data directory (created if missing)")->required();
  serve->add_option("--ghost-log", serve_options.ghost_log, "Append ghost events (JSON lines) to this file");
  serve->add_option("--clock-uncertainty-ns", serve_options.clock_uncertainty_ns,
                    "The clock's advertised uncertainty (epsilon) in ns")
      ->capture_default_str();
  serve->add_option("--group-commit-delay-us", serve_options.group_commit_delay_us,
                    "How long the log waits for more concurrent puts to share one fdatasync "
                    "(only while puts arrive concurrently; default: the runtime's, docs/runtime-bench.md)")
      ->check(CLI::Range(0, 1'000'000));
  serve->add_option("--bug", serve_options.bugs, "Plant a bug (repeatable)");
  serve->callback([&] { std::exit(grove::cli::run_serve(serve_options)); });

  grove::cli::ClusterOptions cluster_options;
  CLI::App* cluster = app.add_subcommand("cluster", "Start, stop, list, crash or restart a local cluster of serve processes");
  cluster->add_option("action", cluster_options.action,
                      "up, down, status, restart (the nodes that are down, or --node) or kill --node")
      ->required();
  cluster->add_option("--node", cluster_options.node, "One node by name, e.g. replica0 (restart, kill)");
  cluster->add_option("--dir", cluster_options.dir, "Cluster directory (data, logs, cluster.json)")
      ->capture_default_str();
  cluster->add_option("--config-servers", cluster_options.config_servers, "Config servers (up)")
      ->check(CLI::Range(1, 9))
      ->capture_default_str();
  cluster->add_option("--replicas", cluster_options.replicas, "Initial replicas (up)")
      ->check(CLI::Range(1, 9))
      ->capture_default_str();
  cluster->add_option("--spares", cluster_options.spares, "Spare replicas (up)")
      ->check(CLI::Range(0, 9))
      ->capture_default_str();
  cluster->add_option("--base-port", cluster_options.base_port,
                      "First port, one per node (up; 0: free ports, chosen at random below the ephemeral range)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cluster->add_option("--bug", cluster_options.bugs, "Plant a bug in every node (up, repeatable)");
  cluster->add_flag("--ghost-logs", cluster_options.ghost_logs, "Nodes write ghost events (up)");
  cluster->add_option("--group-commit-delay-us", cluster_options.group_commit_delay_us,
                      "Every replica's commit delay (up; as `grovesim serve`; default: the runtime's)")
      ->check(CLI::Range(0, 1'000'000));
  cluster->add_flag("--wipe", cluster_options.wipe, "Also delete the directory (down)");
  cluster->callback([&] { std::exit(grove::cli::run_cluster(cluster_options)); });

  grove::cli::KvOptions kv_options;
  CLI::App* kv = app.add_subcommand("kv", "One vKV operation against a real cluster: get KEY, put KEY VALUE, "
                                           "cond-put KEY EXPECTED VALUE");
  kv->add_option("operation", kv_options.action, "get, put or cond-put")->required();
  kv->add_option("args", kv_options.args, "KEY [EXPECTED] [VALUE]");
  kv->add_option("--dir", kv_options.dir, "Cluster directory of `cluster up`")->capture_default_str();
  kv->add_option("--config", kv_options.config, "The config servers, A.B.C.D:PORT,... (instead of --dir)");
  kv->add_option("--timeout", kv_options.timeout_s, "Give up after this many seconds")->capture_default_str();
  kv->callback([&] { std::exit(grove::cli::run_kv(kv_options)); });

  grove::cli::AdminOptions admin_options;
  CLI::App* admin = app.add_subcommand("admin", "The administrator's reconfiguration of a real cluster");
  admin->add_option("action", admin_options.action, "reconfigure")->required();
  admin->add_option("--members", admin_options.members,
                    "The new replicas, A.B.C.D:PORT,... (default: the current members, in a new epoch)");
  admin->add_option("--dir", admin_options.dir, "Cluster directory of `cluster up`")->capture_default_str();
  admin->add_option("--config", admin_options.config, "The config servers (instead of --dir)");
  admin->add_option("--timeout", admin_options.timeout_s, "Give up after this many seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  admin->callback([&] { std::exit(grove::cli::run_admin(admin_options)); });

  grove::cli::RealCampaignCommandOptions real_options;
  CLI::App* real = app.add_subcommand(
      "real-campaign", "Jepsen-style: a real local cluster under kills, pauses, partitions and clock "
                       "shifts, then every checker on its history and ghost logs");
  real->add_option("--duration", real_options.duration_s, "Seconds of faults (then heal and check)")
      ->capture_default_str();
  real->add_option("--out", real_options.out_dir, "Directory for the cluster, history, logs and report")
      ->capture_default_str();
  real->add_option("--clients", real_options.clients, "Concurrent vKV clients")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  real->add_option("--bug", real_options.bugs, "Plant a bug in every node (repeatable)");
  real->add_option("--faults", real_options.faults, "Fault kinds: kill,pause,partition,clock or none")
      ->capture_default_str();
  real->add_option("--seed", real_options.seed, "Seed of the nemesis's and workload's draws (runs are not reproducible)")
      ->check(kSeed)
      ->capture_default_str();
  real->add_flag("--json", real_options.json, "Print the report as JSON");
  real->add_flag("--force", real_options.force, "Replace an earlier campaign's results in --out");
  real->add_flag("--quiet", real_options.quiet, "No progress lines");
  add_check_budget(real, real_options.check_budget);
  real->callback([&] { std::exit(grove::cli::run_real_campaign_command(real_options)); });
  grove::cli::KvBenchOptions kv_bench_options;
  CLI::App* kv_bench = app.add_subcommand(
      "kv-bench", "Closed-loop load generator against a grovesim cluster or a Redis server (ops/s, latency percentiles)");
  kv_bench->add_option("--dir", kv_bench_options.dir, "Cluster directory of `cluster up` (default grovesim-cluster)");
  kv_bench->add_option("--config", kv_bench_options.config, "The config servers, A.B.C.D:PORT,... (instead of --dir)");
  kv_bench->add_option("--redis", kv_bench_options.redis, "Benchmark a Redis server at HOST:PORT instead (GET/SET)");
  kv_bench->add_option("--clients", kv_bench_options.clients, "Concurrent closed-loop clients")->capture_default_str();
  kv_bench->add_option("--duration", kv_bench_options.duration_s, "Measured seconds")->capture_default_str();
  kv_bench->add_option("--warmup", kv_bench_options.warmup_s, "Seconds run before measuring (not counted)")
      ->capture_default_str();
  kv_bench->add_option("--get-fraction", kv_bench_options.get_fraction, "Fraction of ops that are gets (0..1)")
      ->capture_default_str();
  kv_bench->add_option("--keys", kv_bench_options.keys, "Distinct keys (each preloaded by a put)")->capture_default_str();
  kv_bench->add_option("--value-size", kv_bench_options.value_size, "Bytes per value")->capture_default_str();
  kv_bench->add_option("--timeout", kv_bench_options.timeout_s, "Seconds after which one op counts as an error")
      ->capture_default_str();
  kv_bench->add_flag("--shared-connection", kv_bench_options.shared_connection,
                     "grovesim: all clients share one connection per server (default: one each, as with Redis)");
  kv_bench->add_flag("--json", kv_bench_options.json, "Print the result as one JSON object");
  kv_bench->callback([&] { std::exit(grove::cli::run_kv_bench(kv_bench_options)); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --help, --version
    // Usage errors are bad input: one line and exit code 2 (CLI11 would add a second line and
    // use 105/106 and friends).
    std::fprintf(stderr, "grovesim: %s (run with --help for usage)\n", error.what());
    return 2;
  }
  return 0;
}
