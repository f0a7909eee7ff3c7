// The violations one ghost checker reports, capped, with the events they cite described the
// same way everywhere ("#12 sealed node 2 t=30 {epoch=1, ...}").
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "checkers/lease_checker.h"
#include "traces/ghost_record.h"

namespace grove::checkers {

struct InvariantViolation {
  std::string rule;
  std::vector<std::size_t> events;  // positions in the checked stream; the last one decided it
  std::string message;
  // The position at which the violation became true (the latest of `events`).
  std::size_t at() const {
    std::size_t latest = 0;
    for (std::size_t event : events) latest = std::max(latest, event);
    return latest;
  }
};

class ViolationLog {
 public:
  // A few reports per checker are plenty: campaigns want the first cause, people read them.
  static constexpr std::size_t kMaxViolations = 50;

  explicit ViolationLog(const std::vector<traces::GhostRecord>& stream) : stream_(stream) {}

  void add(std::string rule, std::vector<std::size_t> events, std::string message) {
    if (violations_.size() >= kMaxViolations) return;
    violations_.push_back({std::move(rule), std::move(events), std::move(message)});
  }
  // "#POSITION " and the event, for messages.
  std::string at(std::size_t position) const {
    return "#" + std::to_string(position) + " " + describe_ghost(stream_[position]);
  }
  const std::vector<InvariantViolation>& violations() const { return violations_; }

 private:
  const std::vector<traces::GhostRecord>& stream_;
  std::vector<InvariantViolation> violations_;
};

}  // namespace grove::checkers
