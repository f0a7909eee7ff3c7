// Runs a scenario whose clients run an application on vKV (cachekv, lock, bank): maps the
// scenario's knobs onto the application run of scenarios/apps/app_runs.h.
#pragma once

#include "scenarios/runner.h"
#include "scenarios/scenario.h"

namespace grove::scenarios {

RunResult run_app_scenario(const Scenario& scenario, const RunRequest& request);

}  // namespace grove::scenarios
