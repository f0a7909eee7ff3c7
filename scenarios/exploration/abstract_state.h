// The abstract protocol state a systematic search hashes to prune (explore --strategy dfs):
// what the ghost events expose. For each node and each ghost kind that records state (epochs
// entered and sealed, primaryship, durable entries, commit index, recovery, reservations,
// committed configs, Paxos promises, acceptances and leadership, state copies, leases granted,
// requests executed), the fields of its latest event of that kind (epoch, indexes, log and
// state hashes, Paxos epoch and version, cid and seq ...), without the fields that are times (*_ns: lease expiries and clock readings
// shift with every schedule and would make every state new). Transient steps (an entry
// accepted or acknowledged before it is durable, a read served or refused, a config write or
// proposal in flight, a cid issued, a duplicate answered) are left out. Also: which nodes are
// down; whether a
// partition is in force. Two runs that reach the same abstract state are treated as the same
// state: messages in flight and timers are not part of it, so the pruning is a heuristic (as
// in stateless model checkers with state caching), stated in docs/exploration.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "traces/trace_event.h"

namespace grove::scenarios {

class AbstractState {
 public:
  void observe(const traces::TraceEvent& event);
  std::uint64_t hash() const;

 private:
  std::map<std::pair<std::uint64_t, std::string>, std::uint64_t, std::less<>> latest_;
  std::map<std::uint64_t, bool> down_;
  bool partitioned_ = false;
  mutable bool dirty_ = true;
  mutable std::uint64_t hash_ = 0;
};

}  // namespace grove::scenarios
