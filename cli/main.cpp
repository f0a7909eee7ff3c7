// The grovesim command: the composition root and the only TU that includes CLI11.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/check_command.h"
#include "cli/run_command.h"

int main(int argc, char** argv) {
  CLI::App app{"grovesim: deterministic simulation and checking of the Grove replicated KV"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("grovesim ") + GROVESIM_VERSION);

  grove::cli::RunOptions run_options;
  CLI::App* run = app.add_subcommand("run", "Simulate one seed of a scenario and check it");
  run->add_option("--scenario", run_options.scenario, "Built-in scenario name or scenario file")
      ->capture_default_str();
  run->add_option("--seed", run_options.seed, "Seed of the run")->capture_default_str();
  run->add_option("--bug", run_options.bugs, "Plant a bug (repeatable; see `grovesim bugs`)");
  run->add_option("--trace", run_options.trace_path, "Write every trace event (JSON lines)");
  run->add_option("--history", run_options.history_path, "Write the client history (JSON)");
  run->add_option("--report", run_options.report_path, "Write an HTML report");
  run->add_option("--replay", run_options.replay_path, "Write a replay file of this run");
  run->add_flag("--check-determinism", run_options.check_determinism,
                "Run the seed twice and report the first divergent event");
  run->add_flag("--json", run_options.json, "Print the result as one JSON object");
  run->callback([&] { std::exit(grove::cli::run_run(run_options)); });

  grove::cli::CheckOptions check_options;
  CLI::App* check = app.add_subcommand("check", "Check a history for linearizability");
  check->add_option("history", check_options.history_path, "History file")->required();
  check->add_option("--format", check_options.format, "History format")
      ->check(CLI::IsMember({"auto", "grovesim", "porcupine-etcd", "porcupine-kv", "jepsen-edn"}))
      ->capture_default_str();
  check->add_option("--model", check_options.model, "Sequential model (default: from the format)");
  check->add_option("--timeout", check_options.timeout_seconds,
                    "Budget in seconds; when exhausted the verdict is unknown (exit 3)");
  check->add_option("--report", check_options.report_path, "Write a self-contained HTML report");
  check->add_flag("--json", check_options.json, "Print the result as one JSON object");
  check->add_flag("!--no-partition", check_options.partition,
                  "Check the whole history as one state (no per-key partitioning)");
  check->callback([&] { std::exit(grove::cli::run_check(check_options)); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // Usage errors are bad input: exit code 2 (CLI11 would use 105/106 and friends).
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }
  return 0;
}
