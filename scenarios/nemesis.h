// The nemesis: injects the scenario's faults during the safety phase, then heals everything.
// It works on a deployment: one or more vKV clusters in one world (a vKV run's one cluster, the
// bank's data and locks) and the client nodes that run the workload (a vKV run's cluster
// clients, or an app's client nodes).
//
// Fault times are Poisson processes per kind, drawn up front from the "faults" stream; targets
// are drawn when a fault fires (so "isolate the primary" hits whoever is primary then). Every
// fault here is inside Grove's fault model unless the scenario asks for unsafe clocks.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "scenarios/cluster.h"
#include "scenarios/scenario.h"
#include "sim/choice_source.h"
#include "traces/trace_event.h"

namespace grove::scenarios {

// Nothing injects a fault: no nemesis event, no fault of the world's own models.
bool fault_free(const Faults& faults);

struct NemesisTarget {
  std::vector<Cluster*> clusters;  // at least one, all in one world
  std::vector<NodeId> clients;     // the workload's client nodes
};

class Nemesis {
 public:
  // `restart_client` is called after a crashed client node restarts (to respawn its work),
  // with its index in the target's clients.
  Nemesis(NemesisTarget target, const Scenario& scenario, const Faults& faults,
          std::function<void(std::size_t client)> restart_client);
  // One cluster and its own clients (a vKV run).
  Nemesis(Cluster& cluster, const Scenario& scenario, const Faults& faults,
          std::function<void(std::size_t client)> restart_client)
      : Nemesis(NemesisTarget{{&cluster}, cluster.clients()}, scenario, faults,
                std::move(restart_client)) {}

  // Schedules the faults of [start_ns, end_ns).
  void schedule(TimeNs start_ns, TimeNs end_ns);

  // Crashes right after protocol steps (faults.crash_after): the runner feeds every trace event
  // to on_trace_event while watches_steps(). Events outside the scheduled window are ignored.
  bool watches_steps() const { return !faults_.crash_after.empty() || faults_.steps.any(); }
  void on_trace_event(const traces::TraceEvent& event);
  // Ends every fault now: heals the network, resumes paused nodes, restarts crashed ones, and
  // starts a reconfiguration of each cluster to a healthy config. Returns those admin actions,
  // one per cluster in the target's order.
  std::vector<std::shared_ptr<AdminAction>> heal();

  // Timed faults scheduled so far (faults.skip_events numbers them), and how many were left out.
  std::size_t fault_events() const { return fault_events_; }
  std::size_t skipped_events() const { return skipped_events_; }

  // Node currently believed primary (latest became_primary), if any.
  std::optional<NodeId> current_primary() const;
  std::optional<NodeId> current_config_leader() const;

 private:
  sim::World& world() { return clusters_.front()->world(); }
  const sim::World& world() const { return clusters_.front()->world(); }
  std::vector<TimeNs> poisson_times(double rate_per_s, TimeNs start_ns, TimeNs end_ns);
  DurationNs draw_duration(const RangeMs& range);
  NodeId pick(const std::vector<NodeId>& nodes);
  std::vector<NodeId> all_nodes() const;  // every node but the admins
  std::vector<NodeId> config_servers() const;  // of every cluster
  std::vector<NodeId> replicas() const;        // of every cluster
  // A cluster for a reconfiguration or leader change (no draw with one cluster).
  Cluster& pick_cluster();
  vrsm::Config random_config(const Cluster& cluster);

  // Whoever holds `role` now: a random replica / config server / client, or the current
  // primary / config leader (none if nobody is known to hold it).
  std::optional<NodeId> holder_of(const std::string& role);
  void crash_one();
  void crash_after_step(NodeId node, const FaultCrashAfter& step);
  // faults.steps: one "step_faults" decision after a protocol step (see FaultSteps).
  void step_fault();
  std::string role_of(NodeId node) const;  // replica | config | client | admin
  void restart(NodeId node);
  void partition_once();
  void clog_once();
  void pause_once();
  void skew_clock_once();
  void step_clock_once();
  // The node a clock change hits: by faults.clock.roles, or any node.
  std::optional<NodeId> clock_victim();
  // Schedules timed fault number fault_events_ at `time_ns`, unless faults.skip_events lists it.
  void at(TimeNs time_ns, std::function<void()> fault);

  std::vector<Cluster*> clusters_;
  std::vector<NodeId> clients_;
  const Scenario& scenario_;
  Faults faults_;
  std::function<void(std::size_t)> restart_client_;
  sim::ChoiceSource::Stream& choices_;
  FaultSteps steps_left_;  // the step faults not used yet
  int step_faults_done_ = 0;
  sim::ChoiceSource::Stream* step_choices_ = nullptr;  // "step_faults", created on first use
  TimeNs steps_from_ns_ = 0;  // window of the step crashes: the safety phase
  TimeNs steps_until_ns_ = 0;
  std::size_t fault_events_ = 0;
  std::size_t skipped_events_ = 0;
};

}  // namespace grove::scenarios
