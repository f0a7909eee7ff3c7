#include "scenarios/apps/app_faults.h"

#include <algorithm>

namespace grove::scenarios::apps {

Scenario app_fault_scenario(const std::string& app, const AppFaultOptions& options,
                            std::size_t clients, double clock_uncertainty_ms) {
  Scenario scenario;
  scenario.name = app;
  scenario.app = app;
  scenario.clients = static_cast<int>(clients);
  scenario.clock_uncertainty_ms = clock_uncertainty_ms;
  scenario.safety_s = 0.45 * std::max(options.steps, 0);
  Faults& faults = scenario.faults;
  faults.disk = FaultDisk{};  // the simulator's fast disk
  if (options.clock_skew) {
    // Skewed clocks from early on, redrawn often: offsets within the uncertainty (clamped to
    // it: safe) and drift. On its own (steps 0) it still gets a safety phase to act in.
    scenario.safety_s = std::max(scenario.safety_s, 5.0);
    faults.clock.rate_per_s = 4;
    faults.clock.max_offset_ms = clock_uncertainty_ms;
    faults.clock.max_drift_ppm = 100;
  }
  if (options.steps <= 0) return scenario;
  // About one fault event of each kind that is on every second or two: as many as the old
  // step plan's 12 steps of 100-800 ms, now as the Nemesis's Poisson rates.
  faults.crash.roles.clear();
  if (options.crash_clients) faults.crash.roles.push_back("client");
  if (options.crash_servers) {
    for (const char* role : {"replica", "config", "primary", "config_leader"}) {
      faults.crash.roles.push_back(role);
    }
  }
  if (!faults.crash.roles.empty()) {
    faults.crash.rate_per_s = 0.8;
    faults.crash.down_ms = {50, 800};
  }
  if (options.partitions) {
    faults.partition.rate_per_s = 0.4;
    faults.partition.duration_ms = {100, 800};
    faults.partition.shapes = {"isolate", "isolate_primary", "split"};
  }
  if (options.pauses) faults.pause = FaultRate{0.3, {50, 500}};
  if (options.reconfigurations) {
    faults.reconfig_rate_per_s = 0.3;
    faults.leader_change_rate_per_s = 0.3;
  }
  faults.network.drop = options.drop_ppm / 1e6;
  faults.network.duplicate = options.duplicate_ppm / 1e6;
  faults.network.reorder = options.reorder_ppm / 1e6;
  return scenario;
}

}  // namespace grove::scenarios::apps
