// What a run's report draws (scenarios/run_report.h), collected from the trace events while the
// run happens: messages with their send and delivery (or loss), node crashes and pauses as
// intervals, partitions and clogs, clock changes, leases, and every ghost event as a mark. The
// digest owns copies (trace events are only valid during the callback). Capped: past
// kMaxItems of a sort, later ones are counted, not kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "traces/trace_event.h"

namespace grove::traces {

struct DigestMessage {
  std::uint64_t from = kNoNode;
  std::uint64_t to = kNoNode;
  std::uint64_t method = 0;
  bool reply = false;
  bool duplicate = false;
  std::int64_t sent_ns = 0;
  std::int64_t delivered_ns = -1;  // -1: never delivered
  std::int64_t dropped_ns = -1;    // -1: not dropped
  std::string drop_reason;
  std::uint64_t send_index = 0;    // trace index of the send
};

struct DigestInterval {
  std::uint64_t node = kNoNode;  // kNoNode: the whole network (a partition)
  std::string what;              // "crashed" | "paused" | "partition: <shape>"
  std::int64_t start_ns = 0;
  std::int64_t end_ns = -1;      // -1: until the end of the run
};

struct DigestMark {
  std::uint64_t node = kNoNode;
  std::uint64_t index = 0;  // trace index
  std::int64_t time_ns = 0;
  std::string kind;         // "ghost" | "clock" | "disk" | "timeout" | "note" | "preempt"
  std::string label;        // ghost kind, clock reason, disk operation, note text
  std::string detail;       // "field=value ..." for people
};

struct DigestLease {
  std::uint64_t node = kNoNode;
  std::int64_t granted_ns = 0;     // true time
  std::int64_t expiry_local_ns = 0;  // the lease's expiry, in the holder's clock
  std::uint64_t epoch = 0;
};

class RunDigest {
 public:
  static constexpr std::size_t kMaxItems = 400'000;

  void observe(const TraceEvent& event);

  std::uint64_t events() const { return index_; }
  std::int64_t end_ns() const { return end_ns_; }
  std::uint64_t node_count() const { return node_count_; }
  // "replica", "config", "client", "admin" or "node", guessed from the node's ghost events.
  std::string role(std::uint64_t node) const;

  const std::vector<DigestMessage>& messages() const { return messages_; }
  const std::vector<DigestInterval>& intervals() const { return intervals_; }
  const std::vector<DigestMark>& marks() const { return marks_; }
  const std::vector<DigestLease>& leases() const { return leases_; }
  std::uint64_t dropped_items() const { return dropped_items_; }  // beyond the cap

 private:
  void see_node(std::uint64_t node);
  void close_interval(std::uint64_t node, const std::string& what, std::int64_t time_ns);
  bool room(std::size_t size);

  std::uint64_t index_ = 0;
  std::int64_t end_ns_ = 0;
  std::uint64_t node_count_ = 0;
  std::uint64_t dropped_items_ = 0;
  std::vector<DigestMessage> messages_;
  std::map<std::uint64_t, std::size_t> message_of_id_;  // message id -> messages_ index
  std::vector<DigestInterval> intervals_;
  std::vector<DigestMark> marks_;
  std::vector<DigestLease> leases_;
  std::map<std::uint64_t, std::string> roles_;
};

}  // namespace grove::traces
