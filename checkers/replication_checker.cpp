#include "checkers/replication_checker.h"

#include <map>
#include <set>
#include <utility>

#include "checkers/lease_checker.h"

namespace grove::checkers {

namespace {

using traces::GhostRecord;

std::string at(const GhostRecord& event) { return describe_ghost(event); }

class ReplicationChecker {
 public:
  explicit ReplicationChecker(const std::vector<GhostRecord>& events) : events_(events) {}

  std::vector<InvariantViolation> run() {
    for (std::size_t i = 0; i < events_.size(); ++i) {
      const GhostRecord& event = events_[i];
      if (event.kind == "became_primary") {
        became_primary(i, event);
      } else if (event.kind == "entry_accepted") {
        entry_accepted(i, event);
      } else if (event.kind == "epoch_entered") {
        epoch_entered(i, event);
      } else if (event.kind == "commit_raised") {
        commit_raised(i, event);
      } else if (event.kind == "apply_acked") {
        acked_.push_back(i);
      } else if (event.kind == "sealed") {
        sealed_.emplace(std::make_pair(event.node, event.get("epoch")), i);
      }
    }
    check_acked_writes();
    return std::move(violations_);
  }

 private:
  void add(std::string rule, std::vector<std::size_t> indices, std::string message) {
    // One report per rule and first event is plenty; campaigns want the first cause.
    if (violations_.size() >= 20) return;
    violations_.push_back({std::move(rule), std::move(indices), std::move(message)});
  }

  void became_primary(std::size_t i, const GhostRecord& event) {
    const std::uint64_t epoch = event.get("epoch");
    auto [found, inserted] = primaries_.emplace(epoch, i);
    if (!inserted) {
      add("unique-primary", {found->second, i},
          "two primaries in epoch " + std::to_string(epoch) + ": " + at(events_[found->second]) +
              " and " + at(event));
    }
  }

  void entry_accepted(std::size_t i, const GhostRecord& event) {
    const std::uint64_t epoch = event.get("epoch");
    const std::uint64_t index = event.get("index");
    const std::uint64_t hash = event.get("op_hash");
    auto [found, inserted] = entries_.emplace(std::make_pair(epoch, index), i);
    if (!inserted && events_[found->second].get("op_hash") != hash) {
      add("log-agreement", {found->second, i},
          "different ops at epoch " + std::to_string(epoch) + " index " + std::to_string(index) +
              ": " + at(events_[found->second]) + " and " + at(event));
    }
    accepted_by_[{epoch, index}].insert(event.node);
    // A sealed replica accepts nothing more in its epoch, also after a restart: the seal is
    // durable before GetState replies (§5.4), and the admin copied the state on that promise.
    auto seal = sealed_.find({event.node, epoch});
    if (seal != sealed_.end()) {
      add("accepted-after-seal", {seal->second, i},
          "node " + std::to_string(event.node) + " accepted an entry of epoch " +
              std::to_string(epoch) + " after sealing it: " + at(events_[seal->second]) +
              " then " + at(event));
    }
  }

  void epoch_entered(std::size_t i, const GhostRecord& event) {
    const std::uint64_t epoch = event.get("epoch");
    auto last = last_epoch_.find(event.node);
    if (last != last_epoch_.end() && events_[last->second].get("epoch") >= epoch) {
      add("epoch-decreased", {last->second, i},
          "node " + std::to_string(event.node) + " entered epoch " + std::to_string(epoch) +
              " after epoch " + std::to_string(events_[last->second].get("epoch")) + ": " +
              at(event));
    }
    last_epoch_[event.node] = i;
    members_[epoch].insert(event.node);
    epoch_start_.emplace(epoch, event.get("next_index"));
    entered_.push_back(i);
  }

  void commit_raised(std::size_t i, const GhostRecord& event) {
    const std::uint64_t epoch = event.get("epoch");
    const std::uint64_t committed = event.get("committed_next_index");
    auto start = epoch_start_.find(epoch);
    if (start == epoch_start_.end()) return;  // epoch 0: nothing appended, nothing to check
    std::uint64_t& verified = verified_commit_[epoch];
    verified = std::max(verified, start->second);  // the initial log is inherited, not appended
    const std::set<std::uint64_t>& members = members_[epoch];
    for (std::uint64_t index = verified; index < committed; ++index) {
      const std::set<std::uint64_t>& accepted = accepted_by_[{epoch, index}];
      for (std::uint64_t member : members) {
        if (accepted.count(member) == 0) {
          add("commit-not-accepted", {i},
              "commit index " + std::to_string(committed) + " in epoch " + std::to_string(epoch) +
                  " covers index " + std::to_string(index) + " which member node " +
                  std::to_string(member) + " had not accepted: " + at(event));
          verified = committed;
          return;
        }
      }
    }
    verified = std::max(verified, committed);
  }

  // Every acknowledged op is in the initial log of every later epoch that was entered.
  void check_acked_writes() {
    for (std::size_t acked : acked_) {
      const GhostRecord& ack = events_[acked];
      const std::uint64_t epoch = ack.get("epoch");
      const std::uint64_t index = ack.get("index");
      for (std::size_t entered : entered_) {
        const GhostRecord& entry = events_[entered];
        if (entry.time_ns < ack.time_ns || entry.get("epoch") <= epoch) continue;
        if (entry.get("next_index") <= index) {
          add("acked-write-lost", {acked, entered},
              "op acknowledged at epoch " + std::to_string(epoch) + " index " +
                  std::to_string(index) + " is missing from epoch " +
                  std::to_string(entry.get("epoch")) + ", which starts at index " +
                  std::to_string(entry.get("next_index")) + ": " + at(ack) + " then " + at(entry));
          break;
        }
      }
    }
  }

  const std::vector<GhostRecord>& events_;
  std::vector<InvariantViolation> violations_;
  std::map<std::uint64_t, std::size_t> primaries_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::size_t> entries_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::set<std::uint64_t>> accepted_by_;
  std::map<std::uint64_t, std::size_t> last_epoch_;
  std::map<std::uint64_t, std::set<std::uint64_t>> members_;
  std::map<std::uint64_t, std::uint64_t> epoch_start_;
  std::map<std::uint64_t, std::uint64_t> verified_commit_;
  std::vector<std::size_t> acked_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::size_t> sealed_;  // (node, epoch)
  std::vector<std::size_t> entered_;
};

}  // namespace

std::vector<InvariantViolation> check_replication_invariants(
    const std::vector<GhostRecord>& events) {
  return ReplicationChecker(events).run();
}

}  // namespace grove::checkers
