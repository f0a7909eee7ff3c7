// The direct API's fault knobs for an application run (tests/apps): a few switches, turned into
// a scenario (scenarios/scenario.h) that the one Nemesis (scenarios/nemesis.h) injects, as in
// every scenario run. There is no second fault engine: these knobs only choose the Nemesis's
// rates.
//
//   crash_clients   app clients crash (mid-operation: the apps' crash safety) and restart
//   crash_servers   replicas, config servers, the primary and the config leader crash
//   partitions      a replica, the primary or a side of a split cut off for a while
//   pauses          a node stops and resumes
//   reconfigurations  reconfigurations and config leader changes
//   clock_skew      clock offsets and drift within the advertised uncertainty (safe)
//   drop/duplicate/reorder_ppm  message faults
// `steps` sets the safety phase: steps * 450 ms (0: no safety phase, and no fault but clock skew,
// which gets 5 s of safety phase when on).
#pragma once

#include <cstdint>

#include "scenarios/scenario.h"

namespace grove::scenarios::apps {

struct AppFaultOptions {
  int steps = 12;
  bool crash_clients = true;
  bool crash_servers = true;
  bool partitions = true;
  bool pauses = true;
  bool reconfigurations = true;
  bool clock_skew = true;
  std::uint32_t drop_ppm = 10'000;
  std::uint32_t duplicate_ppm = 10'000;
  std::uint32_t reorder_ppm = 30'000;

  static AppFaultOptions none() {
    return AppFaultOptions{.steps = 0, .crash_clients = false, .crash_servers = false,
                           .partitions = false, .pauses = false, .reconfigurations = false,
                           .clock_skew = false, .drop_ppm = 0, .duplicate_ppm = 0, .reorder_ppm = 0};
  }
};

// The scenario of an app run with these knobs: the default cluster shape, `clients` app
// clients, clocks advertising `clock_uncertainty_ms`.
Scenario app_fault_scenario(const std::string& app, const AppFaultOptions& faults,
                            std::size_t clients, double clock_uncertainty_ms);

}  // namespace grove::scenarios::apps
