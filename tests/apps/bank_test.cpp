// Bank transfers over two vKV deployments (protocol.md §7.4): records, the sequential spec
// without faults, a client crashing in the middle of a transfer (the total is conserved and
// every account can be locked again), and A5-A7 caught.
#include <gtest/gtest.h>

#include "checkers/apps/bank_checker.h"
#include "core/apps/bank/bank_records.h"
#include "tests/apps/app_test_util.h"

namespace grove {
namespace {

namespace bank = apps::bank;
using scenarios::apps::BankWorkloadOptions;

TEST(BankRecords, RoundTrips) {
  const auto account = bank::decode_account(bank::encode_account(1000, "init"));
  ASSERT_TRUE(account);
  EXPECT_EQ(account->balance, 1000u);
  EXPECT_EQ(account->tag, "init");
  EXPECT_EQ(bank::decode_account("")->balance, 0u);  // never written
  bank::Intent intent{bank::IntentState::kPending, true, "a", "b", 7, "raw-a", "raw-b"};
  const auto decoded = bank::decode_intent(bank::encode_intent(intent));
  ASSERT_TRUE(decoded && decoded->has_body);
  EXPECT_EQ(decoded->dst_before, "raw-b");
  EXPECT_EQ(decoded->amount, 7u);
  const auto fence = bank::decode_intent(bank::encode_intent({bank::IntentState::kAborted}));
  ASSERT_TRUE(fence);
  EXPECT_FALSE(fence->has_body);
  EXPECT_EQ(bank::decode_chain(bank::encode_chain({"1.2", "3.4"})), (std::vector<std::string>{"1.2", "3.4"}));
}

// Without faults the history is linearizable against the bank model (the sequential spec),
// every audit sums to 1000, nothing aborts and nothing waits for a lease.
TEST(Bank, FaultFreeRunsBehaveAsTheSequentialSpec) {
  for (std::uint64_t seed : {1, 2, 3}) {
    scenarios::apps::AppRunOptions options = testing::fault_free_run(seed);
    options.progress_bound_ns = 400 * env::kMillisecond;
    const auto result = scenarios::apps::run_bank(options);
    testing::expect_green(result);
    std::size_t committed = 0;
    for (const auto& op : result.history.operations) {
      ASSERT_TRUE(op.output);
      EXPECT_NE(*op.output, "aborted") << checkers::describe_operation(op);
      committed += op.name == "transfer" && *op.output == "ok";
    }
    EXPECT_GT(committed, 10u) << result.summary;
  }
}

// A client crashes right after debiting the source of a transfer: money is "in flight" and
// both accounts are locked by a dead client. A later client takes the locks over when their
// leases end, undoes the debit from the intent, and every audit sums to 1000.
TEST(Bank, ClientCrashMidTransferConservesTheTotal) {
  for (std::uint64_t seed : {1, 2, 3, 4}) {
    sim::WorldOptions world_options;
    world_options.seed = seed;
    world_options.trace_schedule = false;
    sim::World world(world_options);
    scenarios::apps::AppDeployment deployment(
        world, {.locks = scenarios::ClusterOptions{}, .app_clients = 3});
    BankWorkloadOptions workload_options;
    workload_options.ops_per_client = 15;
    bool crashed = false;
    workload_options.data_observer = [&](const scenarios::apps::KvCall& call) {
      // The first debit by client 0 that took effect: crash before the credit is sent.
      if (crashed || call.client != 0 || call.method != "cond_put" || call.result->reply != "ok") return;
      const auto written = bank::decode_account(call.value);
      if (!written || written->tag.find("/debit") == std::string::npos) return;
      crashed = true;
      world.crash(deployment.clients()[0]);  // from a task: at the next step
      world.env(deployment.clients()[0]).tasks.yield();
    };
    scenarios::apps::BankWorkload workload(deployment, workload_options);
    ASSERT_TRUE(deployment.start_and_bootstrap());
    workload.spawn_all();
    ASSERT_TRUE(deployment.data().run_until([&] { return crashed; }, 20 * env::kSecond));
    world.run_for(2 * env::kSecond);
    world.restart(deployment.clients()[0]);
    const auto heal_ns = world.now();
    ASSERT_TRUE(workload.final_audit(1, 20 * env::kSecond)) << "accounts stayed locked, seed " << seed;
    checkers::apps::BankCheckOptions check;
    check.heal_ns = heal_ns;
    const auto result = checkers::apps::check_bank(workload.history(), check);
    EXPECT_TRUE(result.ok()) << result.violations.front().message << "\n" << result.note;
    std::uint64_t restored = 0;
    for (const auto& [mark, count] : world.coverage()) {
      if (mark == "bank_account_restored") restored = count;
    }
    EXPECT_GT(restored, 0u) << "the crashed transfer's debit was never undone, seed " << seed;
  }
}

class BankSeeds : public ::testing::TestWithParam<std::uint64_t> {};

// Client crashes, pauses, partitions, replica crashes, reconfigurations, clock skew: the
// total is conserved and after heal an audit locks every account.
TEST_P(BankSeeds, ConservedUnderSafeFaultsAndUsableAfterHeal) {
  const auto result = scenarios::apps::run_bank(testing::faulty_run(GetParam()));
  testing::expect_green(result);
}

INSTANTIATE_TEST_SUITE_P(Seeds, BankSeeds, ::testing::Values(1, 2, 3, 4, 5));

// A5: an audit releases each lock right after reading it.
TEST(BankBugs, A5AuditNotHoldingAllLocksIsCaught) {
  for (std::uint64_t seed : {1, 2, 3}) {
    scenarios::apps::AppRunOptions options = testing::fault_free_run(seed);
    options.bugs.enable(env::Bug::A5);
    EXPECT_TRUE(testing::has_rule(scenarios::apps::run_bank(options), "audit-total")) << "seed " << seed;
  }
}

// A6: a transfer locks only its source. Needs audits racing transfers on three accounts and
// four clients, under faults: found within 30 seeds, and never on correct code.
TEST(BankBugs, A6SingleLockTransferIsCaught) {
  BankWorkloadOptions workload;
  workload.audit_per_mille = 400;
  workload.bank.accounts = {"acct0", "acct1", "acct2"};
  int caught = 0;
  for (std::uint64_t seed = 1; seed <= 30 && caught == 0; ++seed) {
    scenarios::apps::AppRunOptions options = testing::faulty_run(seed);
    options.clients = 4;
    options.bugs.enable(env::Bug::A6);
    if (!testing::has_rule(scenarios::apps::run_bank(options, workload), "audit-total")) continue;
    caught += 1;
    options.bugs = {};
    EXPECT_TRUE(scenarios::apps::run_bank(options, workload).ok()) << "correct code, seed " << seed;
  }
  EXPECT_EQ(caught, 1) << "A6 not found within 30 seeds";
}

// A7: locks taken in argument order deadlock; leases break the deadlock, but only after a
// lease interval, which the bounded-progress check sees in a fault-free run.
TEST(BankBugs, A7UnsortedLockOrderIsCaughtByBoundedProgress) {
  for (std::uint64_t seed : {1, 2}) {
    scenarios::apps::AppRunOptions options = testing::fault_free_run(seed);
    options.progress_bound_ns = 400 * env::kMillisecond;
    options.bugs.enable(env::Bug::A7);
    EXPECT_TRUE(testing::has_rule(scenarios::apps::run_bank(options), "slow-operation")) << "seed " << seed;
  }
}

}  // namespace
}  // namespace grove
