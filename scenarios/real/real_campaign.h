// A Jepsen-style campaign against a real local cluster (runtime/local_cluster.h): start the
// cluster with ghost logs, run vKV clients in this process while a nemesis kills (SIGKILL, then
// a restart that recovers from the data directory), pauses (SIGSTOP/SIGCONT), partitions (the
// runtime's frame-dropping layer, steered through its control methods) and shifts clocks
// (within the advertised uncertainty), and an admin reconfigures; then heal, let the clients
// run on, stop everything and check the client history (linearizability, progress after the
// heal) and every node's ghost events with the simulator's checkers.
//
// Real runs are not reproducible: the OS schedules them. --seed only fixes the nemesis's and
// the workload's own draws.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "scenarios/runner.h"
#include "scenarios/violation.h"

namespace grove::scenarios {

enum class RealFault : std::uint8_t { kKill, kPause, kPartition, kClock };
const char* real_fault_name(RealFault fault);
std::vector<RealFault> all_real_faults();

struct RealCampaignOptions {
  std::string out_dir;
  double duration_s = 60;  // of the fault phase
  std::size_t clients = 3;
  std::vector<std::string> bugs;
  std::vector<RealFault> faults = all_real_faults();
  std::uint64_t seed = 1;
  double settle_s = 3;      // clients keep running after the heal
  double heal_within_s = 30;
  std::uint64_t check_budget = 0;  // 0: the default
  bool progress = false;    // one line per fault on stderr
};

struct RealCampaignResult {
  RunVerdict verdict = RunVerdict::kPass;
  std::string setup_error;  // the cluster could not start: nothing was checked
  std::size_t ops = 0;
  std::size_t ops_completed = 0;
  std::map<std::string, std::size_t> faults;  // injected, by kind
  std::size_t reconfigurations = 0;           // that succeeded during the fault phase
  std::size_t ghost_events = 0;
  std::uint64_t check_steps = 0;
  std::string inconclusive_reason;
  double heal_s = 0;  // time the heal took
  std::vector<Violation> violations;
  // The cluster's nodes (name, address, and the node id ghost events and messages use).
  std::vector<std::pair<std::string, std::uint64_t>> nodes;
};

RealCampaignResult run_real_campaign(const RealCampaignOptions& options);

// The result as one JSON object (report.json).
std::string real_campaign_json(const RealCampaignOptions& options, const RealCampaignResult& result);

}  // namespace grove::scenarios
