// Replication, durability and exactly-once invariants from ghost events (protocol.md §8.1
// items 1-7 and 14; event schema in docs/ghost-events.md, rule table in docs/checking.md).
//
// Judged from what the nodes hold, never from lengths alone: every state installed by SetState
// is identified by (next_index, state_hash) and must be one that a GetState sealed; the op at any
// index of any epoch's log is found by following those copies back to the epoch that appended
// it (the log's lineage). The checker is online: it consumes events one at a time, and each
// violation names the event at which it became true.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "checkers/violation_log.h"
#include "traces/ghost_record.h"

namespace grove::checkers {


// The rules, by name (each with the §8.1 item it checks):
//   unique-primary          two became_primary in one epoch from different nodes, or from one
//                           node across a restart (1); a duplicated BecomePrimary to the same
//                           running node is harmless and not reported
//   log-agreement           two different ops at one (epoch, index), accepted or acknowledged (2)
//   accepted-out-of-order   an entry accepted at an index other than the node's next index (7)
//   epoch-state-diverged    two entries into one epoch with different (next_index, state) (2, 3)
//   state-not-sealed        an epoch entered with a state no GetState sealed (3, 4)
//   sealed-state-mismatch   a seal reporting a next_index other than the node's log length (3, 4)
//   acked-write-lost        an acknowledged op missing from (or replaced in) a later epoch's
//                           initial log, by content along its lineage (4)
//   commit-not-accepted     a commit index covering an index some member of the epoch's
//                           written config had not accepted (3, 5)
//   ack-not-durable         a backup or primary acknowledged an entry not yet durable on it (7)
//   durable-entry-lost      a node's log in an epoch went below what it had made durable there
//                           (a recovery or a re-entry of the epoch) (4, 6)
//   epoch-decreased         a node entered or recovered into an epoch below one it had entered
//                           (re-entering the same epoch is not a decrease) (6)
//   seal-lost               a node recovered unsealed in an epoch it had sealed (6)
//   accepted-after-seal     a node accepted an entry of an epoch after sealing it (6)
//   executed-twice          one (cid, seq) executed at two indices of one log lineage (14)
//   duplicate-reply-differs a duplicate answered with another reply than its execution's (14)
//   cid-issued-twice        one client id issued at two indices of one log lineage (14)
class ReplicationChecker {
 public:
  // `stream` is the whole event stream; it may grow between calls (online use).
  explicit ReplicationChecker(const std::vector<traces::GhostRecord>& stream) : stream_(stream) {}

  // Checks stream[position]; positions must be fed in order, each once.
  void observe(std::size_t position);
  const std::vector<InvariantViolation>& violations() const { return log_.violations(); }

 private:
  using Key = std::pair<std::uint64_t, std::uint64_t>;  // (epoch, index) or (node, epoch)
  struct Node {
    std::uint64_t incarnation = 0;
    bool in_epoch = false;
    std::uint64_t epoch = 0;
    std::uint64_t next_index = 0;
    std::uint64_t highest_entered = 0;  // highest epoch entered durably (epoch_entered)
    bool entered_any = false;
    // Per epoch: the highest index made durable (entry_durable or an ack), across restarts.
    std::map<std::uint64_t, std::uint64_t> durable_end;  // epoch -> one past it
    std::map<std::uint64_t, std::size_t> sealed;         // epoch -> sealed event
    // This incarnation: one past the highest index known durable in the current epoch.
    std::uint64_t durable_now = 0;
  };
  struct EpochStart {
    std::uint64_t next_index = 0;
    std::uint64_t state_hash = 0;
    std::size_t event = 0;
    bool has_source = false;
    std::uint64_t source_epoch = 0;  // the epoch whose sealed log this state copies
  };


  void epoch_entered(std::size_t position, const traces::GhostRecord& event);
  void replica_recovered(std::size_t position, const traces::GhostRecord& event);
  void sealed(std::size_t position, const traces::GhostRecord& event);
  void became_primary(std::size_t position, const traces::GhostRecord& event);
  void entry_accepted(std::size_t position, const traces::GhostRecord& event);
  void entry_durable(const traces::GhostRecord& event);
  void acked(std::size_t position, const traces::GhostRecord& event, bool primary);
  void commit_raised(std::size_t position, const traces::GhostRecord& event);
  void config_proposed(const traces::GhostRecord& event);
  void request_executed(std::size_t position, const traces::GhostRecord& event);
  void request_deduplicated(std::size_t position, const traces::GhostRecord& event);
  void cid_issued(std::size_t position, const traces::GhostRecord& event);

  // The op hash at `index` of epoch `epoch`'s log, following its lineage: the event that put it
  // there, or npos if no event tells.
  std::size_t op_at(std::uint64_t epoch, std::uint64_t index) const;
  void check_ack_against_epoch(std::size_t ack, std::uint64_t later_epoch);
  void record_durable(Node& node, std::uint64_t epoch, std::uint64_t end);
  // An earlier occurrence of `key` (cid/seq or cid) below `index` in `epoch`'s lineage.
  std::size_t earlier_in_lineage(
      const std::map<std::uint64_t, std::map<std::pair<std::uint64_t, std::uint64_t>,
                                             std::size_t>>& per_epoch,
      std::uint64_t epoch, std::uint64_t index, std::pair<std::uint64_t, std::uint64_t> key) const;

  const std::vector<traces::GhostRecord>& stream_;
  ViolationLog log_{stream_};
  std::map<std::uint64_t, Node> nodes_;
  std::map<std::uint64_t, std::pair<std::uint64_t, std::size_t>> primaries_;  // epoch -> (incarnation key, event)
  std::map<Key, std::size_t> entries_;                    // (epoch, index) -> first entry_accepted
  std::map<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>, std::size_t> held_;  // (node, epoch, index)
  std::map<Key, std::set<std::uint64_t>> accepted_by_;  // (epoch, index) -> nodes
  std::map<std::uint64_t, EpochStart> epoch_start_;
  std::map<std::uint64_t, std::set<std::uint64_t>> entered_members_;
  std::map<std::uint64_t, std::uint64_t> config_members_;  // epoch -> members_mask
  std::map<std::uint64_t, std::uint64_t> verified_commit_;
  std::multimap<Key, std::size_t> seals_;  // (next_index, state_hash) -> sealed event
  std::vector<std::size_t> acks_;
  bool genesis_known_ = false;
  std::uint64_t genesis_epoch_ = 0;
  // Exactly-once: per epoch, (cid, seq) -> request_executed; cid -> cid_issued.
  std::map<std::uint64_t, std::map<std::pair<std::uint64_t, std::uint64_t>, std::size_t>> executed_;
  std::map<std::uint64_t, std::map<std::pair<std::uint64_t, std::uint64_t>, std::size_t>> issued_;
};

// The checker a rule belongs to, for reports: "exactly-once" (executed-twice,
// duplicate-reply-differs, cid-issued-twice), "paxos" (paxos-*, chosen-conflict), "lease"
// (config-write-during-lease, read-after-later-config), "config" (other config-*,
// epoch-above-reserved), else "replication".
std::string checker_of_rule(const std::string& rule);

// Batch form: every rule over a whole stream.
std::vector<InvariantViolation> check_replication_invariants(
    const std::vector<traces::GhostRecord>& events);

}  // namespace grove::checkers
