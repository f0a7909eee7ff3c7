// A swarm-style plan of safe faults for application runs (ARCHITECTURE.md "Faults"): crashes
// and restarts of app clients (mid-operation: the apps' crash safety), of replicas and config
// servers; isolations of a replica or a client; pauses; reconfigurations and Paxos leader
// changes; message loss, duplication and reordering; clock offsets and drift within the
// advertised uncertainty. Then a heal phase: everything restarted and resumed, the network
// whole, every cluster given a config leader and reconfigured to its initial members.
//
// Every decision comes from the world's "app_faults" choice stream, so a seed replays exactly.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "scenarios/apps/app_deployment.h"

namespace grove::scenarios::apps {

struct AppFaultOptions {
  int steps = 12;  // safety-phase steps, each after 100..800 ms of running
  bool crash_clients = true;
  bool crash_servers = true;
  bool partitions = true;
  bool pauses = true;
  bool reconfigurations = true;
  bool clock_skew = true;  // within the uncertainty (safe)
  std::uint32_t drop_ppm = 10'000;
  std::uint32_t duplicate_ppm = 10'000;
  std::uint32_t reorder_ppm = 30'000;

  static AppFaultOptions none() {
    return AppFaultOptions{.steps = 0, .crash_clients = false, .crash_servers = false,
                           .partitions = false, .pauses = false, .reconfigurations = false,
                           .clock_skew = false, .drop_ppm = 0, .duplicate_ppm = 0, .reorder_ppm = 0};
  }
};

class AppFaultPlan {
 public:
  // `restart_client` re-spawns the workload of a client whose node was restarted.
  AppFaultPlan(AppDeployment& deployment, AppFaultOptions options,
               std::function<void(std::size_t client)> restart_client);

  // Before the nodes start: clock offsets and drift.
  void prepare();
  // After bootstrap: message loss, duplication and reordering. Not earlier: a lost
  // BecomePrimary leaves a fresh cluster without a primary until the next reconfiguration
  // (the admin does not retry it, as in Go), and the bootstrap is not under test here.
  void start_network_faults();
  // The safety phase: options.steps fault steps (the world runs between them).
  void run_safety_phase();
  // The heal phase; false if a cluster could not be reconfigured within `within`.
  bool heal(DurationNs within = 30 * env::kSecond);

  std::size_t client_crashes() const { return client_crashes_; }
  const std::vector<std::string>& log() const { return log_; }

 private:
  std::uint64_t below(std::uint64_t bound);
  void step();
  void note(std::string text);

  AppDeployment& deployment_;
  AppFaultOptions options_;
  std::function<void(std::size_t)> restart_client_;
  sim::ChoiceSource::Stream& random_;
  std::size_t client_crashes_ = 0;
  std::vector<std::string> log_;
};

}  // namespace grove::scenarios::apps
