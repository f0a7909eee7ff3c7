// The protocol checkers of a deployment of one or more vKV clusters in one sim::World, online.
//
// Ghost events carry only the emitting node, and two clusters (the bank's data and locks) each
// have their own epochs, logs, leases and Paxos: each cluster's events form their own stream,
// checked by their own ReplicationChecker and PaxosChecker as they are recorded, and by the
// lease checker at the end. A violation names its checker (checkers::checker_of_rule) and the
// trace position and true time of the event that decided it.
//
// Needs WorldOptions::keep_ghosts. While alive, it owns the world's ghost observer.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <vector>

#include "checkers/paxos_checker.h"
#include "checkers/replication_checker.h"
#include "scenarios/cluster.h"
#include "scenarios/violation.h"
#include "sim/world.h"
#include "traces/ghost_record.h"

namespace grove::scenarios {

// Appends the violations that one cluster's replication and Paxos checkers found in `events`,
// then the lease checker's (it judges the whole stream at the end).
void report_protocol_violations(const std::vector<traces::GhostRecord>& events,
                                const checkers::ReplicationChecker& replication,
                                const checkers::PaxosChecker& paxos, std::vector<Violation>& violations);

class ProtocolChecks {
 public:
  // The names of the checkers report() speaks for, in a run's "checkers" list.
  static const std::vector<std::string>& checker_names();

  // Watches every later ghost event of `world`. Every node that emits one must belong to one
  // of `clusters` (its config servers, replicas, clients or admin): an event from any other
  // node is a harness bug and aborts.
  ProtocolChecks(sim::World& world, const std::vector<const Cluster*>& clusters);
  ~ProtocolChecks();
  ProtocolChecks(const ProtocolChecks&) = delete;
  ProtocolChecks& operator=(const ProtocolChecks&) = delete;

  // Stops watching (before the world's teardown).
  void stop();
  // An online checker has found a violation (--fail-fast).
  bool violated() const;
  // How many ghost events cluster `index` (in the given order) has emitted so far.
  std::size_t events_of(std::size_t index) const { return streams_.at(index)->events.size(); }
  // Appends the online checkers' violations, then the lease checker's, cluster by cluster.
  void report(std::vector<Violation>& violations) const;

 private:
  struct Stream {
    std::vector<traces::GhostRecord> events;
    std::unique_ptr<checkers::ReplicationChecker> replication;
    std::unique_ptr<checkers::PaxosChecker> paxos;
  };
  void observe(std::size_t position);

  sim::World& world_;
  std::vector<std::unique_ptr<Stream>> streams_;  // one per cluster, in the given order
  std::map<NodeId, std::size_t> stream_of_node_;
  bool watching_ = true;
};

}  // namespace grove::scenarios
