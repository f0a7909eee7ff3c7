// The Paxos handler rules as pure functions (protocol.md §4.4).
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "core/vrsm/paxos_state.h"
#include "sim/invariant_failure.h"

namespace grove::vrsm {
namespace {

TEST(PaxosState, PromisesOncePerEpochAndOnlyUpward) {
  PaxosState node;
  node.state = "s0";
  auto first = on_enter_new_epoch(node, 1);
  EXPECT_EQ(first.reply.err, PaxosErr::kNone);
  EXPECT_TRUE(first.changed);
  EXPECT_EQ(first.reply.state, "s0");
  EXPECT_EQ(node.epoch, 1u);
  auto again = on_enter_new_epoch(node, 1);
  EXPECT_EQ(again.reply.err, PaxosErr::kEpochStale);
  EXPECT_FALSE(again.changed);
  EXPECT_EQ(on_enter_new_epoch(node, 0).reply.err, PaxosErr::kEpochStale);
}

TEST(PaxosState, PromiseDeposesALeader) {
  PaxosState node;
  node.epoch = 3;
  node.is_leader = true;
  on_enter_new_epoch(node, 4);
  EXPECT_FALSE(node.is_leader);
}

TEST(PaxosState, FollowerKeepsTheNewestVersionOfItsEpoch) {
  PaxosState node;
  EXPECT_EQ(on_apply_as_follower(node, {2, 5, "v5"}).err, PaxosErr::kNone);
  EXPECT_EQ(node.accepted_epoch, 2u);
  EXPECT_EQ(node.state, "v5");
  // Older or equal versions in the same epoch: ack, no change (bug P4 overwrites).
  auto older = on_apply_as_follower(node, {2, 4, "v4"});
  EXPECT_EQ(older.err, PaxosErr::kNone);
  EXPECT_FALSE(older.changed);
  EXPECT_EQ(node.state, "v5");
  EXPECT_TRUE(on_apply_as_follower(node, {2, 6, "v6"}).changed);
  EXPECT_EQ(node.state, "v6");
  // A lower epoch is refused (bug P4 accepts).
  EXPECT_EQ(on_apply_as_follower(node, {1, 100, "old"}).err, PaxosErr::kEpochStale);
  // A higher epoch replaces even with a lower version.
  EXPECT_TRUE(on_apply_as_follower(node, {3, 1, "w1"}).changed);
  EXPECT_EQ(node.accepted_epoch, 3u);
  EXPECT_EQ(node.next_index, 1u);
  EXPECT_EQ(node.state, "w1");
}

TEST(PaxosState, PromisedEpochRefusesOlderAccepts) {
  PaxosState node;
  on_enter_new_epoch(node, 5);
  EXPECT_EQ(on_apply_as_follower(node, {4, 9, "x"}).err, PaxosErr::kEpochStale);
  EXPECT_EQ(on_apply_as_follower(node, {5, 1, "y"}).err, PaxosErr::kNone);
}

TEST(PaxosState, NewLeaderAdoptsTheMostRecentAcceptedState) {
  std::vector<std::optional<EnterNewEpochReply>> replies = {
      EnterNewEpochReply{PaxosErr::kNone, 2, 9, "e2v9"},
      std::nullopt,
      EnterNewEpochReply{PaxosErr::kNone, 3, 1, "e3v1"},
      EnterNewEpochReply{PaxosErr::kEpochStale, 7, 7, "refused"},
  };
  EXPECT_EQ(count_successes(replies), 2u);
  const EnterNewEpochReply* chosen = most_recent_promise(replies);
  ASSERT_NE(chosen, nullptr);
  EXPECT_EQ(chosen->state, "e3v1");  // highest accepted_epoch wins over a higher version

  PaxosState node;
  node.epoch = 4;
  node.state = "mine";
  ASSERT_TRUE(on_election_won(node, 4, *chosen));
  EXPECT_TRUE(node.is_leader);
  EXPECT_EQ(node.accepted_epoch, 4u);
  EXPECT_EQ(node.next_index, 1u);
  EXPECT_EQ(node.state, "e3v1");  // not its own (bug P2)

  PaxosState overtaken;
  overtaken.epoch = 6;
  EXPECT_FALSE(on_election_won(overtaken, 4, *chosen));
  EXPECT_FALSE(overtaken.is_leader);
}

TEST(PaxosState, TiesOnEpochPickTheHigherVersion) {
  std::vector<std::optional<EnterNewEpochReply>> replies = {
      EnterNewEpochReply{PaxosErr::kNone, 3, 4, "v4"},
      EnterNewEpochReply{PaxosErr::kNone, 3, 6, "v6"},
      EnterNewEpochReply{PaxosErr::kNone, 3, 5, "v5"},
  };
  EXPECT_EQ(most_recent_promise(replies)->state, "v6");
  EXPECT_TRUE(is_majority(2, 3));
  EXPECT_FALSE(is_majority(1, 3));
  EXPECT_FALSE(is_majority(2, 4));
}

TEST(PaxosState, DurableEncodingRoundTrips) {
  PaxosState node{7, 6, 5, true, std::string("st\0ate", 6)};
  auto decoded = decode_paxos_state(encode(node));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->epoch, 7u);
  EXPECT_EQ(decoded->accepted_epoch, 6u);
  EXPECT_EQ(decoded->next_index, 5u);
  EXPECT_TRUE(decoded->is_leader);
  EXPECT_EQ(decoded->state, node.state);
}

TEST(PaxosState, InvariantsHoldAfterEveryHandlerPlantedBugsIncluded) {
  sim::ThrowOnInvariantFailure throwing;
  PaxosState node;
  assert_paxos_node_invariants(node);
  on_enter_new_epoch(node, 5);
  EXPECT_NO_THROW(assert_paxos_node_invariants(node));
  on_apply_as_follower(node, {5, 2, "a"});
  EXPECT_NO_THROW(assert_paxos_node_invariants(node));
  on_apply_as_follower(node, {7, 1, "b"});
  EXPECT_NO_THROW(assert_paxos_node_invariants(node));
  // P4 takes a lower epoch: both epochs move down together.
  on_apply_as_follower(node, {6, 9, "c"}, /*planted_bug_p4=*/true);
  EXPECT_EQ(node.epoch, 6u);
  EXPECT_NO_THROW(assert_paxos_node_invariants(node));
  on_enter_new_epoch(node, 8);
  ASSERT_TRUE(on_election_won(node, 8, EnterNewEpochReply{PaxosErr::kNone, 6, 9, "c"}));
  EXPECT_NO_THROW(assert_paxos_node_invariants(node));
  on_enter_new_epoch(node, 9);  // deposed
  EXPECT_FALSE(node.is_leader);
  EXPECT_NO_THROW(assert_paxos_node_invariants(node));
}

TEST(PaxosState, InvariantsCatchABrokenNode) {
  sim::ThrowOnInvariantFailure throwing;
  EXPECT_THROW(assert_paxos_node_invariants(PaxosState{3, 4, 0, false, ""}), sim::InvariantFailure);
  EXPECT_THROW(assert_paxos_node_invariants(PaxosState{4, 3, 0, true, ""}), sim::InvariantFailure);
  EXPECT_NO_THROW(assert_paxos_node_invariants(PaxosState{4, 3, 0, false, ""}));
  EXPECT_NO_THROW(assert_paxos_node_invariants(PaxosState{4, 4, 0, true, ""}));
}

}  // namespace
}  // namespace grove::vrsm
