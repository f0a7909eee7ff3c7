#include "checkers/lease_checker.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace grove::checkers {
namespace {

using traces::GhostRecord;

GhostRecord ghost(std::int64_t time_ns, std::uint64_t node, std::string kind,
                  std::vector<std::pair<std::string, std::uint64_t>> fields) {
  return GhostRecord{time_ns, node, std::move(kind), std::move(fields)};
}

// A healthy run: epoch 1 with leases and reads, then a reconfiguration to epoch 2 that waits
// for the lease before writing the config; reads in epoch 2 afterwards.
std::vector<GhostRecord> healthy_run() {
  return {
      ghost(0, 10, "paxos_leader", {{"epoch", 1}, {"next_index", 0}}),
      ghost(10, 10, "epoch_reserved", {{"reserved_epoch", 1}, {"live_epoch", 0}}),
      ghost(20, 10, "config_write", {{"epoch", 1}, {"previous_epoch", 0}, {"reserved_epoch", 1},
                                     {"lease_expiration_ns", 0}, {"lo_ns", 20}, {"config_hash", 7}}),
      ghost(25, 10, "config_committed", {{"epoch", 1}, {"config_hash", 7}}),
      ghost(30, 1, "became_primary", {{"epoch", 1}}),
      ghost(40, 10, "lease_issued", {{"epoch", 1}, {"expiry_ns", 1040}, {"lo_ns", 40}}),
      ghost(45, 1, "lease_granted", {{"epoch", 1}, {"expiry_ns", 1040}}),
      ghost(46, 2, "lease_granted", {{"epoch", 1}, {"expiry_ns", 1040}}),
      ghost(50, 1, "entry_accepted", {{"epoch", 1}, {"index", 1}, {"op_hash", 99}}),
      ghost(60, 2, "read_served", {{"epoch", 1}, {"expiry_ns", 1040}, {"hi_ns", 70},
                                   {"key_hash", 5}, {"version", 1}}),
      ghost(900, 10, "epoch_reserved", {{"reserved_epoch", 2}, {"live_epoch", 1}}),
      ghost(1000, 2, "read_served", {{"epoch", 1}, {"expiry_ns", 1040}, {"hi_ns", 1010},
                                     {"key_hash", 5}, {"version", 1}}),
      ghost(1050, 10, "config_write", {{"epoch", 2}, {"previous_epoch", 1}, {"reserved_epoch", 2},
                                       {"lease_expiration_ns", 1040}, {"lo_ns", 1045}, {"config_hash", 8}}),
      ghost(1055, 10, "config_committed", {{"epoch", 2}, {"config_hash", 8}}),
      ghost(1060, 3, "became_primary", {{"epoch", 2}}),
      ghost(1070, 10, "lease_issued", {{"epoch", 2}, {"expiry_ns", 2070}, {"lo_ns", 1070}}),
      ghost(1075, 3, "lease_granted", {{"epoch", 2}, {"expiry_ns", 2070}}),
      ghost(1080, 3, "read_served", {{"epoch", 2}, {"expiry_ns", 2070}, {"hi_ns", 1090},
                                     {"key_hash", 5}, {"version", 1}}),
  };
}

std::vector<std::string> rules(const LeaseCheckResult& result) {
  std::vector<std::string> names;
  for (const LeaseViolation& violation : result.violations) names.push_back(violation.rule);
  return names;
}

bool has_rule(const LeaseCheckResult& result, const std::string& rule) {
  const auto names = rules(result);
  return std::find(names.begin(), names.end(), rule) != names.end();
}

TEST(LeaseChecker, AcceptsAHealthyReconfiguration) {
  const LeaseCheckResult result = check_lease_safety(healthy_run());
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.violations[0].message);
  EXPECT_EQ(result.reads_checked, 3u);
  EXPECT_EQ(result.config_writes_checked, 2u);
}

TEST(LeaseChecker, RejectsAReadAtOrAfterItsLeaseExpiry) {
  auto events = healthy_run();
  events[11].time_ns = 1040;  // the read happens exactly at L
  const LeaseCheckResult result = check_lease_safety(events);
  ASSERT_TRUE(has_rule(result, "read-after-lease-expiry"));
  EXPECT_EQ(result.violations[0].events, std::vector<std::size_t>{11});
  EXPECT_NE(result.violations[0].message.find("node 2"), std::string::npos);
  EXPECT_NE(result.violations[0].message.find("t=1040"), std::string::npos);
}

TEST(LeaseChecker, RejectsAReadOnALeaseNeverInstalled) {
  auto events = healthy_run();
  events[9].fields[1].second = 5000;  // a lease nobody granted
  EXPECT_TRUE(has_rule(check_lease_safety(events), "read-lease-not-installed"));
}

TEST(LeaseChecker, RejectsAReadAfterALaterConfigWasWritten) {
  // Bug C8-like: the config leader writes epoch 2 at t=1020, before the lease ends, and the
  // old replica reads at 1030 (still inside its lease).
  auto events = healthy_run();
  events[12].time_ns = 1020;
  events[13].time_ns = 1025;
  events[11].time_ns = 1030;
  std::swap(events[11], events[13]);  // keep time order: write, commit, read
  std::swap(events[11], events[12]);
  const LeaseCheckResult result = check_lease_safety(events);
  EXPECT_TRUE(has_rule(result, "read-after-later-config"));
  EXPECT_TRUE(has_rule(result, "config-write-during-lease"));
}

TEST(LeaseChecker, UncommittedConfigDecisionDoesNotCount) {
  // A deposed leader decides a write for epoch 2 that never commits: no violation.
  auto events = healthy_run();
  events.insert(events.begin() + 10,
                ghost(500, 11, "config_write", {{"epoch", 2}, {"previous_epoch", 1},
                                                {"reserved_epoch", 2}, {"lease_expiration_ns", 0},
                                                {"lo_ns", 500}, {"config_hash", 8}}));
  const LeaseCheckResult result = check_lease_safety(events);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.violations[0].message);
}

TEST(LeaseChecker, RejectsAReadAfterALaterEpochAcceptedAWrite) {
  // Bug C2-like: epoch 2's primary accepts an entry while epoch 1's lease still serves reads.
  auto events = healthy_run();
  events.insert(events.begin() + 11,
                ghost(950, 3, "entry_accepted", {{"epoch", 2}, {"index", 1}, {"op_hash", 1}}));
  const LeaseCheckResult result = check_lease_safety(events);
  ASSERT_TRUE(has_rule(result, "read-after-later-epoch"));
  const auto& violation = result.violations.front();
  EXPECT_EQ(violation.events, (std::vector<std::size_t>{12, 11}));
  EXPECT_NE(violation.message.find("entry_accepted node 3 t=950"), std::string::npos);
}

TEST(LeaseChecker, RejectsAReadAfterALaterPrimaryButNotAfterOnlyCommitRaised) {
  auto events = healthy_run();
  events.insert(events.begin() + 11,
                ghost(950, 3, "commit_raised", {{"epoch", 2}, {"committed_next_index", 2}}));
  EXPECT_TRUE(check_lease_safety(events).ok());
  events[11] = ghost(950, 3, "became_primary", {{"epoch", 2}});
  EXPECT_TRUE(has_rule(check_lease_safety(events), "read-after-later-epoch"));
}

TEST(LeaseChecker, RejectsEpochAboveReserved) {
  auto events = healthy_run();
  events[10].fields[1].second = 3;  // live 3 > reserved 2
  EXPECT_TRUE(has_rule(check_lease_safety(events), "epoch-above-reserved"));
}

TEST(LeaseChecker, RejectsEpochsGoingDownWithinOneLeadership) {
  auto events = healthy_run();
  events.insert(events.begin() + 11,
                ghost(950, 10, "epoch_reserved", {{"reserved_epoch", 1}, {"live_epoch", 1}}));
  EXPECT_TRUE(has_rule(check_lease_safety(events), "epoch-decreased"));
  // After a new leadership the node may adopt a lower (committed) state: not a violation.
  events.insert(events.begin() + 11, ghost(940, 10, "paxos_leader", {{"epoch", 2}}));
  EXPECT_FALSE(has_rule(check_lease_safety(events), "epoch-decreased"));
}

TEST(LeaseChecker, RejectsAnEpochWrittenWithTwoConfigs) {
  auto events = healthy_run();
  // Epoch 2 committed again (the same-epoch branch of TryWriteConfig) with another config.
  events.push_back(ghost(1100, 10, "config_committed", {{"epoch", 2}, {"config_hash", 9}}));
  EXPECT_TRUE(has_rule(check_lease_safety(events), "config-rewritten"));
}

TEST(LeaseChecker, IgnoresConfigDecisionsThatNeverCommit) {
  // A deposed leader (node 11, cut off from its Paxos group) still decides on its stale state:
  // an epoch above its stale reservation, another config for a written epoch. Its commits fail,
  // nobody acts on them: not violations (protocol.md §4.6).
  auto events = healthy_run();
  events.push_back(ghost(1100, 11, "config_write", {{"epoch", 3}, {"previous_epoch", 1},
                                                    {"reserved_epoch", 2}, {"lease_expiration_ns", 0},
                                                    {"lo_ns", 1100}, {"config_hash", 9}}));
  events.push_back(ghost(1110, 11, "config_write", {{"epoch", 2}, {"previous_epoch", 1},
                                                    {"reserved_epoch", 2}, {"lease_expiration_ns", 0},
                                                    {"lo_ns", 1110}, {"config_hash", 9}}));
  const LeaseCheckResult result = check_lease_safety(events);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.violations[0].message);
}

TEST(LeaseChecker, IgnoresReservationsOfADeposedLeader) {
  // Node 12 leads Paxos epoch 2; node 10, still believing it leads epoch 1, reserves on a stale
  // state in which an uncommitted config write put the live epoch above the reservation.
  auto events = healthy_run();
  events.push_back(ghost(1100, 12, "paxos_leader", {{"epoch", 2}, {"next_index", 9}}));
  events.push_back(ghost(1110, 10, "epoch_reserved", {{"reserved_epoch", 2}, {"live_epoch", 3}}));
  EXPECT_TRUE(check_lease_safety(events).ok());
  events.push_back(ghost(1120, 12, "epoch_reserved", {{"reserved_epoch", 2}, {"live_epoch", 3}}));
  EXPECT_TRUE(has_rule(check_lease_safety(events), "epoch-above-reserved"));
}

TEST(LeaseChecker, ARestartedLeaderMayDecideBelowItsLostDecisions) {
  // The reservation of 2 was not durable when node 10 crashed; restarted, it still leads and
  // reserves 2 again from its durable state.
  auto events = healthy_run();
  events.resize(11);  // up to the reservation of 2
  events.push_back(ghost(950, 10, "paxos_recovered", {{"epoch", 1}, {"accepted_epoch", 1},
                                                      {"next_index", 3}, {"is_leader", 1}}));
  events.push_back(ghost(960, 10, "epoch_reserved", {{"reserved_epoch", 2}, {"live_epoch", 1}}));
  EXPECT_FALSE(has_rule(check_lease_safety(events), "epoch-decreased"));
  events.erase(events.begin() + 11);  // without the restart, the same decision is suspicious
  events.push_back(ghost(970, 10, "epoch_reserved", {{"reserved_epoch", 1}, {"live_epoch", 1}}));
  EXPECT_TRUE(has_rule(check_lease_safety(events), "epoch-decreased"));
}

TEST(LeaseChecker, RejectsAConfigWriteForASupersededReservation) {
  auto events = healthy_run();
  events[12].fields[2].second = 3;  // epoch 3 was reserved meanwhile
  EXPECT_TRUE(has_rule(check_lease_safety(events), "config-write-not-reserved"));
}

TEST(LeaseChecker, RejectsAConfigWriteWhileAGrantedLeaseRuns) {
  // Bug C7-like: a lease granted (installed by a replica) that the new config leader did not
  // know about, and a config write before it ends. No read needed to see it.
  auto events = healthy_run();
  events.erase(events.begin() + 11);  // no read at 1000
  events.insert(events.begin() + 10, ghost(890, 1, "lease_granted", {{"epoch", 1}, {"expiry_ns", 1800}}));
  const LeaseCheckResult result = check_lease_safety(events);
  ASSERT_TRUE(has_rule(result, "config-write-during-lease"));
  EXPECT_NE(result.violations.back().message.find("runs until 1800"), std::string::npos);
}

TEST(LeaseChecker, IgnoresFieldsItDoesNotKnowAndEmptyInput) {
  EXPECT_TRUE(check_lease_safety({}).ok());
  auto events = healthy_run();
  events.push_back(ghost(3000, 5, "cid_issued", {{"cid", 1}, {"index", 2}}));
  EXPECT_TRUE(check_lease_safety(events).ok());
}

}  // namespace
}  // namespace grove::checkers
