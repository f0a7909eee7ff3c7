#include "scenarios/protocol_checks.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "checkers/lease_checker.h"

namespace grove::scenarios {

const std::vector<std::string>& ProtocolChecks::checker_names() {
  // Every name checkers::checker_of_rule gives a replication or Paxos rule, and the lease
  // checker's.
  static const std::vector<std::string> names = {"replication", "exactly-once", "paxos", "config",
                                                 "lease"};
  return names;
}

ProtocolChecks::ProtocolChecks(sim::World& world, const std::vector<const Cluster*>& clusters)
    : world_(world) {
  for (std::size_t index = 0; index < clusters.size(); ++index) {
    auto stream = std::make_unique<Stream>();
    stream->replication = std::make_unique<checkers::ReplicationChecker>(stream->events);
    stream->paxos = std::make_unique<checkers::PaxosChecker>(stream->events);
    streams_.push_back(std::move(stream));
    const Cluster& cluster = *clusters[index];
    std::vector<NodeId> nodes = cluster.config_servers();
    nodes.insert(nodes.end(), cluster.replicas().begin(), cluster.replicas().end());
    nodes.insert(nodes.end(), cluster.clients().begin(), cluster.clients().end());
    nodes.push_back(cluster.admin());
    for (NodeId node : nodes) {
      // Clusters of one world never share a node.
      if (!stream_of_node_.emplace(node, index).second) {
        std::fprintf(stderr, "grovesim: node %llu belongs to two clusters\n",
                     static_cast<unsigned long long>(node));
        std::abort();
      }
    }
  }
  world_.observe_ghosts([this](std::size_t position) { observe(position); });
}

ProtocolChecks::~ProtocolChecks() { stop(); }

void ProtocolChecks::stop() {
  if (watching_) world_.observe_ghosts({});
  watching_ = false;
}

void ProtocolChecks::observe(std::size_t position) {
  const traces::GhostRecord& record = world_.ghosts()[position];
  const auto found = stream_of_node_.find(record.node);
  if (found == stream_of_node_.end()) {
    // Only vKV's own nodes emit ghost events; one from elsewhere would go unchecked.
    std::fprintf(stderr, "grovesim: ghost event %s from node %llu of no cluster\n",
                 record.kind.c_str(), static_cast<unsigned long long>(record.node));
    std::abort();
  }
  Stream& stream = *streams_[found->second];
  stream.events.push_back(record);
  stream.replication->observe(stream.events.size() - 1);
  stream.paxos->observe(stream.events.size() - 1);
}

bool ProtocolChecks::violated() const {
  return std::any_of(streams_.begin(), streams_.end(), [](const auto& stream) {
    return !stream->replication->violations().empty() || !stream->paxos->violations().empty();
  });
}

void report_protocol_violations(const std::vector<traces::GhostRecord>& events,
                                const checkers::ReplicationChecker& replication,
                                const checkers::PaxosChecker& paxos, std::vector<Violation>& violations) {
  auto add = [&](const std::string& checker, const std::string& rule, const std::string& message,
                 std::size_t at) {
    violations.push_back({checker, rule, message, events[at].trace_index, events[at].time_ns});
  };
  for (const auto& violation : replication.violations()) {
    add(checkers::checker_of_rule(violation.rule), violation.rule, violation.message, violation.at());
  }
  for (const auto& violation : paxos.violations()) {
    add(checkers::checker_of_rule(violation.rule), violation.rule, violation.message, violation.at());
  }
  const checkers::LeaseCheckResult leases = checkers::check_lease_safety(events);
  for (const auto& violation : leases.violations) {
    add("lease", violation.rule, violation.message,
        *std::max_element(violation.events.begin(), violation.events.end()));
  }
}

void ProtocolChecks::report(std::vector<Violation>& violations) const {
  for (const auto& stream : streams_) {
    report_protocol_violations(stream->events, *stream->replication, *stream->paxos, violations);
  }
}

}  // namespace grove::scenarios
