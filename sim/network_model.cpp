#include "sim/network_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/world.h"

namespace grove::sim {

NetworkModel::NetworkModel(World& world, NetworkOptions options)
    : world_(world), choices_(world.choices().stream("net")), options_(options) {}

namespace {

void require_node(const World& world, NodeId node, const char* operation) {
  if (node >= world.node_count()) {
    throw std::invalid_argument(std::string("network.") + operation + ": unknown node " +
                                std::to_string(node));
  }
}

}  // namespace

void NetworkModel::cut(NodeId from, NodeId to) {
  if (from != to) cut_.insert({from, to});
}

void NetworkModel::partition(const std::vector<std::vector<NodeId>>& groups) {
  for (const auto& group : groups) {
    for (NodeId node : group) require_node(world_, node, "partition");
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    for (std::size_t j = 0; j < groups.size(); ++j) {
      if (i == j) continue;
      for (NodeId a : groups[i]) {
        for (NodeId b : groups[j]) cut(a, b);
      }
    }
  }
  world_.record(traces::TraceEvent{world_.now(), traces::TraceKind::kPartition, traces::kNoNode,
                                   traces::kNoNode, groups.size(), cut_.size(), "split"});
}

void NetworkModel::cut_one_way(NodeId from, NodeId to) {
  require_node(world_, from, "cut_one_way");
  require_node(world_, to, "cut_one_way");
  cut(from, to);
  world_.record(traces::TraceEvent{world_.now(), traces::TraceKind::kPartition, from, to, 0,
                                   cut_.size(), "one_way"});
}

void NetworkModel::isolate(NodeId node) {
  require_node(world_, node, "isolate");
  for (NodeId other = 0; other < world_.node_count(); ++other) {
    cut(node, other);
    cut(other, node);
  }
  world_.record(traces::TraceEvent{world_.now(), traces::TraceKind::kPartition, node,
                                   traces::kNoNode, 0, cut_.size(), "isolate"});
}

void NetworkModel::bridge(const std::vector<NodeId>& side_a, NodeId bridge_node,
                          const std::vector<NodeId>& side_b) {
  require_node(world_, bridge_node, "bridge");
  for (NodeId a : side_a) require_node(world_, a, "bridge");
  for (NodeId b : side_b) require_node(world_, b, "bridge");
  for (NodeId a : side_a) {
    for (NodeId b : side_b) {
      if (a == bridge_node || b == bridge_node) continue;
      cut(a, b);
      cut(b, a);
    }
  }
  world_.record(traces::TraceEvent{world_.now(), traces::TraceKind::kPartition, bridge_node,
                                   traces::kNoNode, 0, cut_.size(), "bridge"});
}

void NetworkModel::heal() {
  cut_.clear();
  world_.record(traces::TraceEvent{world_.now(), traces::TraceKind::kHeal});
}

void NetworkModel::clog(NodeId from, NodeId to, TimeNs until_ns, bool both_ways) {
  require_node(world_, from, "clog");
  require_node(world_, to, "clog");
  if (until_ns < world_.now()) throw std::invalid_argument("network.clog: end is in the past");
  clogs_.push_back({{from, to}, until_ns});
  if (both_ways) clogs_.push_back({{to, from}, until_ns});
  world_.record(traces::TraceEvent{world_.now(), traces::TraceKind::kPartition, from, to,
                                   static_cast<std::uint64_t>(until_ns), both_ways, "clog"});
}

void NetworkModel::unclog_all() { clogs_.clear(); }

bool NetworkModel::link_cut(NodeId from, NodeId to) const {
  return !cut_.empty() && cut_.count({from, to}) > 0;
}

TimeNs NetworkModel::clogged_until(NodeId from, NodeId to) const {
  TimeNs until = 0;
  for (const auto& [link, end] : clogs_) {
    if (link.first == from && link.second == to) until = std::max(until, end);
  }
  return until;
}

TimeNs NetworkModel::draw_delay_ns() {
  ChoiceSource::Stream& choices = choices_;
  TimeNs delay = options_.min_delay_ns;
  if (options_.tail_mean_ns > 0) {
    // Exponential tail by inversion: -mean * ln(U), U uniform in (0, 1].
    const double uniform = static_cast<double>(choices.choose(1ULL << 52) + 1) / 0x1p52;
    delay += static_cast<TimeNs>(-static_cast<double>(options_.tail_mean_ns) * std::log(uniform));
  }
  if (choices.chance_ppm(options_.reorder_ppm) && options_.reorder_delay_ns > 0) {
    delay += static_cast<TimeNs>(choices.choose(options_.reorder_delay_ns + 1));
  }
  return delay;
}

NetworkModel::Fate NetworkModel::decide(NodeId from, NodeId to, TimeNs now_ns) {
  Fate fate;
  if (link_cut(from, to)) {
    fate.dropped = true;
    return fate;
  }
  ChoiceSource::Stream& choices = choices_;
  if (from != to && choices.chance_ppm(options_.drop_ppm)) {
    fate.dropped = true;
    return fate;
  }
  const TimeNs clog_end = clogs_.empty() ? 0 : clogged_until(from, to);
  fate.deliver_at_ns = std::max(now_ns + draw_delay_ns(), clog_end);
  if (from != to && choices.chance_ppm(options_.duplicate_ppm)) {
    fate.duplicated = true;
    fate.duplicate_at_ns = std::max(now_ns + draw_delay_ns(), clog_end);
  }
  if (from != to && choices.chance_ppm(options_.late_duplicate_ppm)) {
    const TimeNs span = std::max<TimeNs>(options_.late_duplicate_max_ns - options_.late_duplicate_min_ns, 0);
    fate.late_duplicated = true;
    fate.late_duplicate_at_ns =
        std::max(now_ns + options_.late_duplicate_min_ns +
                     static_cast<TimeNs>(choices.choose(static_cast<std::uint64_t>(span) + 1)),
                 clog_end);
  }
  if (!clogs_.empty()) {
    std::erase_if(clogs_, [now_ns](const auto& clog) { return clog.second <= now_ns; });
  }
  return fate;
}

}  // namespace grove::sim
