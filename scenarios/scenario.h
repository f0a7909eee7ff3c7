// A scenario: the cluster, the workload, the phases and the fault mix of a simulated run.
// Scenario files are JSON (schema in docs/scenarios.md); built-in scenarios are files too,
// compiled into the binary from scenarios/builtin/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checkers/linearizability.h"
#include "scenarios/step_event.h"

namespace grove::scenarios {

// A closed interval [min, max] of a duration in milliseconds.
struct RangeMs {
  double min = 0;
  double max = 0;
};

// A closed interval [min, max] of a size in bytes.
struct RangeBytes {
  int min = 0;
  int max = 0;
};

struct FaultCrash {
  double rate_per_s = 0;  // Poisson rate of crashes over the safety phase
  RangeMs down_ms{100, 1000};
  // replica | config | client | primary | config_leader (whoever holds the role then)
  std::vector<std::string> roles{"replica"};
};

// A crash right after a protocol step: when a node records `event`, it crashes with
// `probability` after a delay drawn from `delay_ms`, and restarts after `down_ms`. A delay
// shorter than a disk write lands between a reply and the durability it depends on, the
// window that random crash times almost never hit.
struct FaultCrashAfter {
  // A ghost event kind (docs/ghost-events.md), or disk_write / disk_append: a durable
  // whole-file write / append just completed.
  StepEvent event = StepEvent::kApplyAcked;
  double probability = 0;
  RangeMs delay_ms{0, 1};
  RangeMs down_ms{10, 1000};
  std::vector<std::string> roles;  // replica | config | client; empty: any
};

struct FaultDisk {
  // Latency of every disk operation: min + uniform [0, jitter] (the simulator's defaults).
  double min_latency_us = 50;
  double jitter_us = 100;
  // Occasional long stalls of a write or append (an fsync stuck behind the device queue): with
  // this probability per operation it takes stall_ms more, and the node's later ones queue.
  double stall = 0;
  RangeMs stall_ms{20, 300};
  // The log's commit delay (env::Disk::group_commit_delay_ns), as `grovesim serve
  // --group-commit-delay-us` sets it on a real node. 0: none.
  double group_commit_delay_us = 0;
};

struct FaultNetwork {
  double drop = 0;        // probability per message
  double duplicate = 0;
  double reorder = 0;     // probability of an extra delay of up to reorder_ms
  double reorder_ms = 5;
  double min_delay_us = 100;
  double tail_mean_us = 200;
  // A late duplicate: an extra copy delivered late_duplicate_ms later (a packet stuck in a
  // queue), long enough to outlive a crash and restart of either end.
  double late_duplicate = 0;
  RangeMs late_duplicate_ms{100, 800};
  // Probability that a message that crossed a crash of its sender or a restart of its receiver
  // is still delivered (old packets on the wire reach the new incarnation).
  double stale_delivery = 0;
};

// CPU stalls and GC pauses at seam calls (clock reads, locks, unlocks, sends, disk calls,
// wake-ups), and spurious condition-variable wake-ups (sim/preemption.h).
struct FaultPreempt {
  double probability = 0;  // per seam call
  RangeMs delay_ms{0.1, 20};
  double spurious_wakeup = 0;  // per condition-variable wait
};

struct FaultPartition {
  double rate_per_s = 0;
  RangeMs duration_ms{100, 1500};
  // split | one_way | isolate | isolate_primary | isolate_config_leader | bridge |
  // split_config_leader (the config leader loses its Paxos group, still reaches the rest) |
  // lag_config_follower (the config leader's messages to one follower are cut one way)
  std::vector<std::string> shapes{"split", "one_way", "isolate_primary", "isolate_config_leader",
                                  "bridge"};
};

struct FaultRate {
  double rate_per_s = 0;
  RangeMs duration_ms{50, 500};
};

struct FaultClock {
  double rate_per_s = 0;       // how often a node's offset/drift is redrawn
  double max_offset_ms = 0;    // drawn offsets lie in [-max, +max] (clamped to the uncertainty)
  double max_drift_ppm = 0;
  // Clock steps: how often a node's clock jumps backwards or forwards, by up to twice the
  // uncertainty, its offset staying within it (NTP stepping an honest clock).
  double step_rate_per_s = 0;
  // Which nodes clock changes and steps hit: replica | config | client | primary |
  // config_leader (whoever holds the role then; repeat a role to weight it). Empty: any node.
  std::vector<std::string> roles;
  // Per seed, draw the advertised uncertainty of every clock from this range (log-uniform, ms)
  // instead of clock_uncertainty_ms; [0, 0]: off. Honest: offsets stay within the drawn value.
  RangeMs uncertainty_ms{0, 0};
  // Sleeps and timeouts last a duration of the node's own clock (a fast clock sleeps less).
  bool drift_stretches_sleeps = true;
  // Unsafe (L6): offsets beyond the advertised uncertainty by up to this much; 0 = safe.
  double beyond_uncertainty_ms = 0;
};

// Small-scope faults for systematic search (`explore --strategy dfs`, vkv-small): at each
// protocol step of the safety phase (a ghost event), one decision of the "step_faults" stream
// says whether one of the faults still left happens right after it: a crash of a replica or
// config server (restarting after down_ms), the isolation of one of them (healed after
// duration_ms), or a reconfiguration to another config. Option 0 is "nothing": a search that
// defaults to 0 runs fault-free, and each fault is one decision away.
struct FaultSteps {
  int crashes = 0;
  int partitions = 0;
  int reconfigs = 0;
  int max_faults = 0;  // of all three kinds together per run (0: no bound beyond each kind's)
  RangeMs down_ms{50, 50};
  RangeMs duration_ms{200, 200};
  bool any() const { return crashes > 0 || partitions > 0 || reconfigs > 0; }
  // The most step faults one run can hold.
  int per_run() const {
    const int kinds = crashes + partitions + reconfigs;
    return max_faults > 0 && max_faults < kinds ? max_faults : kinds;
  }
};

struct Faults {
  FaultCrash crash;
  FaultSteps steps;
  std::vector<FaultCrashAfter> crash_after;
  double torn_append = 0;  // probability that an in-flight append is torn on crash
  FaultDisk disk;
  FaultNetwork network;
  FaultPreempt preempt;
  FaultPartition partition;
  FaultRate clog;
  FaultRate pause;
  FaultClock clock;
  double reconfig_rate_per_s = 0;
  double leader_change_rate_per_s = 0;
  // The timed faults (crashes, partitions, clogs, pauses, clock changes, reconfigurations,
  // leader changes), numbered 0, 1, ... in the order they are scheduled, that the Nemesis
  // leaves out. Their times are all drawn before the first one fires, so leaving one out moves
  // none of the others: how `grovesim shrink` removes single faults (delta debugging).
  std::vector<std::uint64_t> skip_events;
};

struct Workload {
  // Relative weights of the op kinds.
  double put = 40;
  double get = 50;
  double cond_put = 10;
  int keys = 5;
  int value_bytes = 8;
  // Value and key shapes (probabilities per write or op): an empty value, a long value of
  // long_value_bytes, a value this client wrote before (values are then not unique), and the
  // hot key k0 instead of a uniform key.
  double empty_values = 0;
  double long_values = 0;
  RangeBytes long_value_bytes{1024, 4096};
  double repeat_values = 0;
  double hot_key = 0;
  RangeMs think_ms{0, 20};
  // A client op that has not returned after this long is abandoned with an unknown outcome.
  double give_up_ms = 3000;
  // Operations per client (0: as many as the run has time for). With a bound, liveness means
  // every client finished all of them by the heal plus the liveness bound.
  int ops_per_client = 0;
  // Ops the clients leave out, as (client, n): the n-th op of each of that client's sessions.
  // A left-out op still draws its key, kind, value and think time, so no other op moves: how
  // `grovesim shrink` removes single client operations (delta debugging). Sorted, distinct.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> skip_ops;
};

struct Scenario {
  std::string name;
  std::string description;
  // What the clients run: "vkv" (the KV itself) or an application on it: "cachekv", "lock",
  // "bank" (docs/apps.md). Applications use their own workloads under the same Nemesis and
  // fault knobs as vKV runs (see scenarios/app_scenario.cpp).
  std::string app = "vkv";
  // Cluster shape.
  int replicas = 3;
  int spare_replicas = 2;
  int config_servers = 3;
  int clients = 4;
  Workload workload;
  // Phases: faults during the safety phase; then everything healed, a reconfiguration to a
  // healthy config, and every client must complete an op within the liveness bound.
  double safety_s = 8;
  double heal_s = 3;
  double liveness_bound_s = 3;
  double clock_uncertainty_ms = 10;
  bool swarm = false;  // draw the fault mix per seed (some kinds off entirely)
  Faults faults;
  // Expected to make the checkers fire (the harness's self-test, e.g. unsafe clocks).
  bool expect_violations = false;
  // Search steps the linearizability check of a run may spend (LinearizabilityOptions::
  // max_steps). Out of steps without a violation, the run is inconclusive, never a pass. A
  // count, not a time, so the verdict is the same on every machine.
  std::uint64_t check_budget = checkers::kDefaultCheckBudgetSteps;
};

}  // namespace grove::scenarios
