#include "checkers/lease_checker.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace grove::checkers {

namespace {

using traces::GhostKind;
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

  std::string at(std::size_t index) const {
    return "#" + std::to_string(index) + " " + describe_ghost(events_[index]);
  }

  void index_events() {
    for (std::size_t i = 0; i < events_.size(); ++i) {
      const GhostRecord& event = events_[i];
      // commit_raised is left out: IncreaseCommit carries no epoch (protocol.md §9 item 7),
      // so an old primary may raise the commit index of a replica already in a newer epoch.
      if (event.is(GhostKind::kEntryAccepted) || event.is(GhostKind::kBecamePrimary) ||
          event.is(GhostKind::kApplyAcked)) {
        later_activity_.add(event.get("epoch"), i, events_);
      } else if (event.is(GhostKind::kLeaseGranted)) {
        granted_.emplace_back(i);
      }
    }
    later_activity_.seal(events_);
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
      if (!read.is(GhostKind::kReadServed)) continue;
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
      if (const auto activity = later_activity_.earliest_above(epoch);
          activity && before(events_, *activity, i)) {
        violation("read-after-later-epoch", {i, *activity},
                  where + ", after a later epoch was active: " + at(*activity) +
                      " (§3.2 (ii): no op of a later epoch before the lease ends)");
      }
    }
  }

  const std::vector<GhostRecord>& events_;
  LeaseCheckResult result_;
  EarliestAbove later_activity_;
  std::vector<std::size_t> granted_;
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
