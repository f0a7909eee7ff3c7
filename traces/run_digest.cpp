#include "traces/run_digest.h"

#include <string_view>

namespace grove::traces {

namespace {

std::string describe_fields(const TraceEvent& event) {
  std::string text;
  for (std::size_t i = 0; i < event.field_count; ++i) {
    if (!text.empty()) text += ' ';
    text += std::string(event.fields[i].name) + "=" + std::to_string(event.fields[i].value);
  }
  return text;
}

std::uint64_t field(const TraceEvent& event, std::string_view name) {
  for (std::size_t i = 0; i < event.field_count; ++i) {
    if (event.fields[i].name == name) return event.fields[i].value;
  }
  return 0;
}

// Which role a ghost kind speaks for (the first one a node emits names it).
const char* role_of_ghost(std::string_view kind) {
  if (kind.starts_with("paxos_") || kind.starts_with("config_") || kind == "epoch_reserved" ||
      kind == "lease_issued") {
    return "config";
  }
  if (kind.starts_with("replica_") || kind.starts_with("entry_") || kind == "sealed" ||
      kind == "became_primary" || kind == "epoch_entered" || kind == "lease_granted" ||
      kind == "read_served" || kind == "apply_acked" || kind == "backup_acked") {
    return "replica";
  }
  return nullptr;
}

}  // namespace

bool RunDigest::room(std::size_t size) {
  if (size < kMaxItems) return true;
  dropped_items_ += 1;
  return false;
}

void RunDigest::see_node(std::uint64_t node) {
  if (node != kNoNode && node + 1 > node_count_) node_count_ = node + 1;
}

void RunDigest::close_interval(std::uint64_t node, const std::string& what, std::int64_t time_ns) {
  for (auto it = intervals_.rbegin(); it != intervals_.rend(); ++it) {
    if (it->node == node && it->end_ns < 0 && it->what == what) {
      it->end_ns = time_ns;
      return;
    }
  }
}

std::string RunDigest::role(std::uint64_t node) const {
  const auto it = roles_.find(node);
  return it == roles_.end() ? "node" : it->second;
}

void RunDigest::observe(const TraceEvent& event) {
  const std::uint64_t index = index_++;
  end_ns_ = event.time_ns;
  see_node(event.node);
  see_node(event.peer);
  switch (event.kind) {
    case TraceKind::kSend: {
      if (!room(messages_.size())) break;
      message_of_id_[event.a] = messages_.size();
      messages_.push_back(DigestMessage{event.node, event.peer, event.b, event.label == "reply",
                                        false, event.time_ns, -1, -1, "", index});
      break;
    }
    case TraceKind::kDuplicate: {
      const auto original = message_of_id_.find(event.b);
      if (original == message_of_id_.end() || !room(messages_.size())) break;
      DigestMessage copy = messages_[original->second];
      copy.duplicate = true;
      copy.sent_ns = event.time_ns;
      copy.send_index = index;
      message_of_id_[event.a] = messages_.size();
      messages_.push_back(copy);
      break;
    }
    case TraceKind::kDeliver: {
      const auto it = message_of_id_.find(event.a);
      if (it != message_of_id_.end()) {
        messages_[it->second].delivered_ns = event.time_ns;
        message_of_id_.erase(it);
      }
      break;
    }
    case TraceKind::kDrop: {
      const auto it = message_of_id_.find(event.a);
      if (it != message_of_id_.end()) {
        messages_[it->second].dropped_ns = event.time_ns;
        messages_[it->second].drop_reason = std::string(event.label);
        message_of_id_.erase(it);
      }
      break;
    }
    case TraceKind::kCrash:
      if (room(intervals_.size())) intervals_.push_back({event.node, "crashed", event.time_ns, -1});
      break;
    case TraceKind::kRestart: close_interval(event.node, "crashed", event.time_ns); break;
    case TraceKind::kPause:
      if (room(intervals_.size())) intervals_.push_back({event.node, "paused", event.time_ns, -1});
      break;
    case TraceKind::kResume: close_interval(event.node, "paused", event.time_ns); break;
    case TraceKind::kPartition:
      if (!room(intervals_.size())) break;
      if (event.label == "clog") {
        intervals_.push_back({event.node, "clogged towards node " + std::to_string(event.peer),
                              event.time_ns, static_cast<std::int64_t>(event.a)});
      } else {
        std::string what = "partition: " + std::string(event.label);
        if (event.node != kNoNode) what += " (node " + std::to_string(event.node) + ")";
        intervals_.push_back({kNoNode, what, event.time_ns, -1});
      }
      break;
    case TraceKind::kHeal:
      for (DigestInterval& interval : intervals_) {
        if (interval.node == kNoNode && interval.end_ns < 0) interval.end_ns = event.time_ns;
      }
      break;
    case TraceKind::kGhost: {
      if (const char* role = role_of_ghost(event.label)) roles_[event.node] = role;
      if (event.label == "lease_granted" && room(leases_.size())) {
        leases_.push_back({event.node, event.time_ns,
                           static_cast<std::int64_t>(field(event, "expiry_ns")), field(event, "epoch")});
      }
      if (room(marks_.size())) {
        marks_.push_back({event.node, index, event.time_ns, "ghost", std::string(event.label),
                          describe_fields(event)});
      }
      break;
    }
    case TraceKind::kClock:
      if (room(marks_.size())) {
        marks_.push_back({event.node, index, event.time_ns, "clock", std::string(event.label),
                          "offset=" + std::to_string(static_cast<std::int64_t>(event.a)) +
                              "ns uncertainty=" + std::to_string(event.b) + "ns"});
      }
      break;
    case TraceKind::kDisk:
      if ((event.label == "torn" || event.label == "lost") && room(marks_.size())) {
        marks_.push_back({event.node, index, event.time_ns, "disk", std::string(event.label),
                          std::to_string(event.a) + " bytes"});
      }
      break;
    case TraceKind::kNote:
      if (room(marks_.size())) {
        marks_.push_back({event.node, index, event.time_ns, "note", std::string(event.label), ""});
      }
      break;
    default: break;
  }
}

}  // namespace grove::traces
