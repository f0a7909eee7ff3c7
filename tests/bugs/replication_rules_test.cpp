// The replication checker's accepted-after-seal rule (protocol.md §8.1 item 6) on hand-made
// ghost events: what planted bugs S1 and S2 are caught by.
#include <gtest/gtest.h>

#include "checkers/replication_checker.h"

namespace grove::checkers {
namespace {

using traces::GhostRecord;

GhostRecord ghost(std::int64_t time_ns, std::uint64_t node, std::string kind,
                  std::vector<std::pair<std::string, std::uint64_t>> fields) {
  return GhostRecord{time_ns, node, std::move(kind), std::move(fields)};
}

bool has_rule(const std::vector<InvariantViolation>& violations, const std::string& rule) {
  for (const auto& violation : violations) {
    if (violation.rule == rule) return true;
  }
  return false;
}

// Epoch 1 on nodes 1-3; node 2 sealed by a reconfiguration to epoch 2 on nodes 3-5.
std::vector<GhostRecord> sealed_run() {
  return {
      ghost(10, 1, "became_primary", {{"epoch", 1}}),
      ghost(20, 1, "entry_accepted", {{"epoch", 1}, {"index", 0}, {"op_hash", 7}}),
      ghost(21, 2, "entry_accepted", {{"epoch", 1}, {"index", 0}, {"op_hash", 7}}),
      ghost(22, 3, "entry_accepted", {{"epoch", 1}, {"index", 0}, {"op_hash", 7}}),
      ghost(30, 2, "sealed", {{"epoch", 1}, {"next_index", 1}}),
      ghost(40, 3, "epoch_entered", {{"epoch", 2}, {"next_index", 1}, {"committed_next_index", 1}}),
      ghost(41, 4, "epoch_entered", {{"epoch", 2}, {"next_index", 1}, {"committed_next_index", 1}}),
      ghost(42, 5, "epoch_entered", {{"epoch", 2}, {"next_index", 1}, {"committed_next_index", 1}}),
      // The old primary's next op still reaches node 1 (not sealed): fine.
      ghost(50, 1, "entry_accepted", {{"epoch", 1}, {"index", 1}, {"op_hash", 8}}),
      // A new entry in the new epoch on a member that was never sealed in it: fine.
      ghost(60, 3, "entry_accepted", {{"epoch", 2}, {"index", 1}, {"op_hash", 9}}),
  };
}

TEST(AcceptedAfterSeal, AcceptsEntriesOfOtherNodesAndLaterEpochs) {
  const auto violations = check_replication_invariants(sealed_run());
  EXPECT_FALSE(has_rule(violations, "accepted-after-seal"));
}

TEST(AcceptedAfterSeal, RejectsAnEntryOfTheSealedEpochOnTheSealedNode) {
  auto events = sealed_run();
  // Node 2 restarted without its seal (S2) and took the old primary's next op.
  events.push_back(ghost(70, 2, "entry_accepted", {{"epoch", 1}, {"index", 1}, {"op_hash", 8}}));
  const auto violations = check_replication_invariants(events);
  ASSERT_TRUE(has_rule(violations, "accepted-after-seal"));
  EXPECT_NE(violations.front().message.find("node 2"), std::string::npos);
}

TEST(AcceptedAfterSeal, AcceptsTheSealedNodeInALaterEpoch) {
  auto events = sealed_run();
  events.push_back(ghost(70, 2, "epoch_entered", {{"epoch", 3}, {"next_index", 2}, {"committed_next_index", 2}}));
  events.push_back(ghost(80, 2, "entry_accepted", {{"epoch", 3}, {"index", 2}, {"op_hash", 10}}));
  EXPECT_FALSE(has_rule(check_replication_invariants(events), "accepted-after-seal"));
}

}  // namespace
}  // namespace grove::checkers
