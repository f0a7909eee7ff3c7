#include "checkers/lease_checker.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace grove::checkers {

namespace {

using traces::GhostRecord;

constexpr std::size_t kMaxViolations = 1000;

// "Happened before": earlier true time, or the same time and earlier in the record order.
bool before(const std::vector<GhostRecord>& events, std::size_t a, std::size_t b) {
  return events[a].time_ns < events[b].time_ns ||
         (events[a].time_ns == events[b].time_ns && a < b);
}

// The earliest event per epoch, queried as "the earliest event of any epoch > e".
class EarliestAbove {
 public:
  void add(std::uint64_t epoch, std::size_t index, const std::vector<GhostRecord>& events) {
    auto [it, inserted] = earliest_.emplace(epoch, index);
    if (!inserted && before(events, index, it->second)) it->second = index;
  }
  void seal(const std::vector<GhostRecord>& events) {
    // suffix_[i]: the earliest over epochs_[i..].
    for (const auto& [epoch, index] : earliest_) {
      epochs_.push_back(epoch);
      suffix_.push_back(index);
    }
    for (std::size_t i = suffix_.size(); i-- > 1;) {
      if (before(events, suffix_[i], suffix_[i - 1])) suffix_[i - 1] = suffix_[i];
    }
  }
  std::optional<std::size_t> earliest_above(std::uint64_t epoch) const {
    const auto at = std::upper_bound(epochs_.begin(), epochs_.end(), epoch) - epochs_.begin();
    if (static_cast<std::size_t>(at) == epochs_.size()) return std::nullopt;
    return suffix_[at];
  }

 private:
  std::map<std::uint64_t, std::size_t> earliest_;
  std::vector<std::uint64_t> epochs_;
  std::vector<std::size_t> suffix_;
};

class Checker {
 public:
  explicit Checker(const std::vector<GhostRecord>& events) : events_(events) {}

  LeaseCheckResult run() {
    index_events();
    check_reads();
    check_config_service();
    check_config_writes_against_leases();
    std::stable_sort(result_.violations.begin(), result_.violations.end(),
                     [](const LeaseViolation& a, const LeaseViolation& b) {
                       return a.events.front() < b.events.front();
                     });
    return std::move(result_);
  }

 private:
  void violation(std::string rule, std::vector<std::size_t> involved, std::string message) {
    if (result_.violations.size() >= kMaxViolations) return;
    result_.violations.push_back({std::move(rule), std::move(involved), std::move(message)});
  }

  std::string at(std::size_t index) const { return "#" + std::to_string(index) + " " + describe_ghost(events_[index]); }

  void index_events() {
    std::map<std::uint64_t, std::size_t> term_of_node;  // node -> leaderships so far
    for (std::size_t i = 0; i < events_.size(); ++i) {
      const GhostRecord& event = events_[i];
      const std::string& kind = event.kind;
      // A new leadership, or a restart: a crash forgets the decisions that were not yet
      // durable, so a restarted leader may decide below them without breaking anything.
      if (kind == "paxos_leader" || kind == "paxos_recovered") {
        ++term_of_node[event.node];
      }
      term_.push_back(term_of_node[event.node]);
      // commit_raised is left out: IncreaseCommit carries no epoch (protocol.md §9 item 7),
      // so an old primary may raise the commit index of a replica already in a newer epoch.
      if (kind == "entry_accepted" || kind == "became_primary" || kind == "apply_acked") {
        later_activity_.add(event.get("epoch"), i, events_);
      } else if (kind == "lease_granted") {
        granted_.emplace_back(i);
        installed_.insert({event.node, event.get("expiry_ns")});
      } else if (kind == "config_committed") {
        committed_.push_back(i);
      }
    }
    later_activity_.seal(events_);
    // A config write counts once its node reports the commit (same epoch and config); a
    // commit without a decision on record counts at its own time.
    std::map<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>, std::size_t> open;
    for (std::size_t i = 0; i < events_.size(); ++i) {
      const GhostRecord& event = events_[i];
      if (event.kind != "config_write" && event.kind != "config_committed") continue;
      const auto key = std::make_tuple(event.node, event.get("epoch"), event.get("config_hash"));
      if (event.kind == "config_write") {
        open[key] = i;
      } else if (event.kind == "config_committed") {
        const auto found = open.find(key);
        const std::size_t decided = found != open.end() ? found->second : i;
        if (found != open.end()) open.erase(found);
        committed_writes_.push_back(decided);
        later_config_.add(event.get("epoch"), decided, events_);
      }
    }
    later_config_.seal(events_);
  }

  void check_reads() {
    std::set<std::pair<std::uint64_t, std::uint64_t>> installed_so_far;
    std::size_t next_grant = 0;
    for (std::size_t i = 0; i < events_.size(); ++i) {
      while (next_grant < granted_.size() && granted_[next_grant] < i) {
        const GhostRecord& grant = events_[granted_[next_grant++]];
        installed_so_far.insert({grant.node, grant.get("expiry_ns")});
      }
      const GhostRecord& read = events_[i];
      if (read.kind != "read_served") continue;
      ++result_.reads_checked;
      const std::uint64_t epoch = read.get("epoch");
      const std::uint64_t expiry = read.get("expiry_ns");
      const std::string where = "read on node " + std::to_string(read.node) + " in epoch " +
                                std::to_string(epoch) + " at t=" + std::to_string(read.time_ns);
      if (read.time_ns >= 0 && static_cast<std::uint64_t>(read.time_ns) >= expiry) {
        violation("read-after-lease-expiry", {i},
                  where + " relied on a lease that expired at " + std::to_string(expiry) +
                      " (protocol.md §3.2: reads only while true time < L)");
      }
      if (installed_so_far.count({read.node, expiry}) == 0) {
        violation("read-lease-not-installed", {i},
                  where + " relied on a lease (expiry " + std::to_string(expiry) +
                      ") that its node never installed");
      }
      if (const auto write = later_config_.earliest_above(epoch);
          write && !before(events_, i, *write)) {
        violation("read-after-later-config", {i, *write},
                  where + ", but the config of epoch " +
                      std::to_string(events_[*write].get("epoch")) + " was written at t=" +
                      std::to_string(events_[*write].time_ns) + " on node " +
                      std::to_string(events_[*write].node) + " (§3.2 (ii), §8.1 item 11): " +
                      at(*write));
      }
      if (const auto activity = later_activity_.earliest_above(epoch);
          activity && before(events_, *activity, i)) {
        violation("read-after-later-epoch", {i, *activity},
                  where + ", after a later epoch was active: " + at(*activity) +
                      " (§3.2 (ii): no op of a later epoch before the lease ends)");
      }
    }
  }

  void check_config_service() {
    struct Seen {
      std::uint64_t term = 0;
      std::uint64_t live = 0;
      std::uint64_t reserved = 0;
      std::size_t live_event = 0;
      std::size_t reserved_event = 0;
      bool any = false;
    };
    std::map<std::uint64_t, Seen> per_node;
    std::map<std::uint64_t, std::size_t> config_of_epoch;  // epoch -> first write/commit
    // A config write is judged once it committed: a deposed or restarted leader may decide one
    // on a stale state (an epoch above its stale reservation, say) that can never commit.
    const std::set<std::size_t> committed(committed_writes_.begin(), committed_writes_.end());
    // A reservation has no commit event; it is judged if its node led the highest Paxos epoch
    // seen so far. A deposed leader that does not know it yet decides on a stale state (its
    // commits fail), e.g. a config write above its stale reservation, then reservations on that.
    std::map<std::uint64_t, std::uint64_t> leads;  // node -> Paxos epoch it believes it leads
    std::uint64_t highest_leader_epoch = 0;
    for (std::size_t i = 0; i < events_.size(); ++i) {
      const GhostRecord& event = events_[i];
      if (event.kind == "paxos_leader") {
        leads[event.node] = event.get("epoch");
        highest_leader_epoch = std::max(highest_leader_epoch, event.get("epoch"));
      } else if (event.kind == "paxos_recovered") {
        leads[event.node] = event.get("is_leader") == 1 ? event.get("epoch") : 0;
      }
      if (event.kind == "config_write" && committed.count(i) == 0) continue;
      if (event.kind == "epoch_reserved" && leads.count(event.node) > 0 &&
          leads[event.node] < highest_leader_epoch) {
        continue;
      }
      std::optional<std::uint64_t> live;
      std::optional<std::uint64_t> reserved;
      if (event.kind == "epoch_reserved") {
        live = event.get("live_epoch");
        reserved = event.get("reserved_epoch");
      } else if (event.kind == "config_write") {
        live = event.get("epoch");
        reserved = event.get("reserved_epoch");
        result_.config_writes_checked++;
        if (event.get("epoch") != event.get("reserved_epoch")) {
          violation("config-write-not-reserved", {i},
                    "config of epoch " + std::to_string(event.get("epoch")) +
                        " written while the reserved epoch was " +
                        std::to_string(event.get("reserved_epoch")) +
                        " (§8.1 item 9: only the highest reservation may be written): " + at(i));
        }
        if (event.get("previous_epoch") > event.get("epoch")) {
          violation("epoch-decreased", {i},
                    "config write moves the live epoch from " +
                        std::to_string(event.get("previous_epoch")) + " down to " +
                        std::to_string(event.get("epoch")) + " (§8.1 item 8): " + at(i));
        }
      }
      if (event.kind == "config_write" || event.kind == "config_committed") {
        const std::uint64_t epoch = event.get("epoch");
        const auto [it, inserted] = config_of_epoch.emplace(epoch, i);
        if (!inserted && epoch != 0 &&
            events_[it->second].get("config_hash") != event.get("config_hash")) {
          violation("config-rewritten", {i, it->second},
                    "epoch " + std::to_string(epoch) + " written with config " +
                        std::to_string(event.get("config_hash")) + " after " +
                        std::to_string(events_[it->second].get("config_hash")) +
                        " (§8.1 item 9: one value per epoch): " + at(i) + "; earlier " +
                        at(it->second));
        }
      }
      if (!live) continue;
      if (*live > *reserved) {
        violation("epoch-above-reserved", {i},
                  "live epoch " + std::to_string(*live) + " above reserved epoch " +
                      std::to_string(*reserved) + " (§8.1 item 8): " + at(i));
      }
      Seen& seen = per_node[event.node];
      if (seen.any && seen.term == term_[i]) {
        if (*live < seen.live) {
          violation("epoch-decreased", {i, seen.live_event},
                    "live epoch went from " + std::to_string(seen.live) + " down to " +
                        std::to_string(*live) + " within one leadership of node " +
                        std::to_string(event.node) + " (§8.1 item 8): " + at(i));
        }
        if (*reserved < seen.reserved) {
          violation("epoch-decreased", {i, seen.reserved_event},
                    "reserved epoch went from " + std::to_string(seen.reserved) + " down to " +
                        std::to_string(*reserved) + " within one leadership of node " +
                        std::to_string(event.node) + " (§8.1 item 8): " + at(i));
        }
      }
      if (!seen.any || seen.term != term_[i]) seen = Seen{term_[i], 0, 0, i, i, true};
      if (*live >= seen.live) {
        seen.live = *live;
        seen.live_event = i;
      }
      if (*reserved >= seen.reserved) {
        seen.reserved = *reserved;
        seen.reserved_event = i;
      }
    }
  }

  void check_config_writes_against_leases() {
    for (const std::size_t write : committed_writes_) {
      const GhostRecord& event = events_[write];
      const std::uint64_t epoch = event.get("epoch");
      const std::int64_t t = event.time_ns;
      auto live_lease = [&](std::size_t lease) {
        const GhostRecord& grant = events_[lease];
        return grant.get("epoch") < epoch &&
               static_cast<std::int64_t>(grant.get("expiry_ns")) > t;
      };
      std::optional<std::size_t> offending;
      // Granted leases count whenever they were installed: a grant for e < e' can only have
      // been committed before the write, which then had to wait for it (§2.2 GetLease).
      for (const std::size_t lease : granted_) {
        if (live_lease(lease)) {
          offending = lease;
          break;
        }
      }
      // Leases the writer itself issued earlier in the same leadership.
      if (!offending) {
        for (std::size_t i = 0; i < write; ++i) {
          if (events_[i].kind == "lease_issued" && events_[i].node == event.node &&
              term_[i] == term_[write] && live_lease(i)) {
            offending = i;
            break;
          }
        }
      }
      if (offending) {
        violation("config-write-during-lease", {write, *offending},
                  "config of epoch " + std::to_string(epoch) + " written at t=" +
                      std::to_string(t) + " on node " + std::to_string(event.node) +
                      " while a lease for epoch " +
                      std::to_string(events_[*offending].get("epoch")) + " runs until " +
                      std::to_string(events_[*offending].get("expiry_ns")) +
                      " (§8.1 item 10): " + at(*offending));
      }
    }
  }

  const std::vector<GhostRecord>& events_;
  LeaseCheckResult result_;
  std::vector<std::uint64_t> term_;  // per event: its node's Paxos leaderships so far
  EarliestAbove later_activity_;
  EarliestAbove later_config_;
  std::vector<std::size_t> granted_;
  std::set<std::pair<std::uint64_t, std::uint64_t>> installed_;
  std::vector<std::size_t> committed_;
  std::vector<std::size_t> committed_writes_;  // the deciding config_write of each commit
};

}  // namespace

std::string describe_ghost(const GhostRecord& event) {
  std::string out = event.kind + " node " + std::to_string(event.node) + " t=" +
                    std::to_string(event.time_ns) + " {";
  for (std::size_t i = 0; i < event.fields.size(); ++i) {
    if (i > 0) out += ", ";
    out += event.fields[i].first + "=" + std::to_string(event.fields[i].second);
  }
  return out + "}";
}

LeaseCheckResult check_lease_safety(const std::vector<GhostRecord>& events) {
  return Checker(events).run();
}

}  // namespace grove::checkers
