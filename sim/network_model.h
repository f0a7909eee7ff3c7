// The simulated network: delays, loss, duplication, reordering, clogged links and partitions.
//
// Links are directed. A message is dropped if its link is cut when it is sent or when it would
// be delivered; a clogged link holds its messages until the clog ends. Messages to a crashed
// node vanish. Partitions are sets of cut directed links; heal() restores every link.
#pragma once

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "core/env/types.h"
#include "sim/choice_source.h"
#include "sim/options.h"

namespace grove::sim {

using env::NodeId;
using env::TimeNs;

class World;

class NetworkModel {
 public:
  explicit NetworkModel(World& world, NetworkOptions options);

  NetworkOptions& options() { return options_; }

  // Symmetric split: every link between two different groups is cut in both directions.
  // Nodes in no group keep every link.
  void partition(const std::vector<std::vector<NodeId>>& groups);
  // Cuts only from -> to.
  void cut_one_way(NodeId from, NodeId to);
  // Cuts every link to and from `node`.
  void isolate(NodeId node);
  // Two sides that cannot talk to each other, but both talk to `bridge` (the Jepsen "bridge").
  void bridge(const std::vector<NodeId>& side_a, NodeId bridge_node,
              const std::vector<NodeId>& side_b);
  // Restores every link (clogs are not affected).
  void heal();
  // Holds every message from -> to (both ways if `both_ways`) until `until_ns`.
  void clog(NodeId from, NodeId to, TimeNs until_ns, bool both_ways = true);
  void unclog_all();

  bool link_cut(NodeId from, NodeId to) const;
  TimeNs clogged_until(NodeId from, NodeId to) const;
  std::size_t cut_link_count() const { return cut_.size(); }

  // Decisions for one message, drawn from the choice source's "net" stream.
  struct Fate {
    bool dropped = false;
    bool duplicated = false;
    bool late_duplicated = false;
    TimeNs deliver_at_ns = 0;
    TimeNs duplicate_at_ns = 0;
    TimeNs late_duplicate_at_ns = 0;
  };
  Fate decide(NodeId from, NodeId to, TimeNs now_ns);
  // Whether a message that crossed a crash or restart of its sender or receiver is still
  // delivered (NetworkOptions::stale_delivery_ppm). Draws only when the knob is on.
  bool deliver_stale() { return choices_.chance_ppm(options_.stale_delivery_ppm); }

 private:
  void cut(NodeId from, NodeId to);
  TimeNs draw_delay_ns();

  World& world_;
  ChoiceSource::Stream& choices_;
  NetworkOptions options_;
  std::set<std::pair<NodeId, NodeId>> cut_;
  std::vector<std::pair<std::pair<NodeId, NodeId>, TimeNs>> clogs_;
};

}  // namespace grove::sim
