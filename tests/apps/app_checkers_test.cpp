// The application checkers and models on hand-made histories: each must accept a correct one
// and reject one showing its violation (protocol.md §8.1 items 16-18).
#include <gtest/gtest.h>

#include "checkers/apps/bank_checker.h"
#include "checkers/apps/bank_history.h"
#include "checkers/apps/cache_checker.h"
#include "checkers/apps/lock_checker.h"
#include "checkers/model_registry.h"

namespace grove::checkers::apps {
namespace {

traces::Operation op(std::uint64_t client, std::string name, std::string key, std::vector<std::string> input,
                     std::optional<std::string> output, std::int64_t invoke_ns, std::int64_t return_ns) {
  traces::Operation operation;
  operation.client = client;
  operation.name = std::move(name);
  operation.key = std::move(key);
  operation.input = std::move(input);
  operation.output = std::move(output);
  operation.invoke_ns = invoke_ns;
  operation.return_ns = output ? return_ns : traces::kNoReturn;
  return operation;
}

bool has_rule(const AppCheckResult& result, const std::string& rule) {
  for (const auto& violation : result.violations) {
    if (violation.rule == rule) return true;
  }
  return false;
}

TEST(CacheChecker, AcceptsHitsWithinTheLease) {
  CacheHistory input;
  auto& ops = input.history.operations;
  ops.push_back(op(0, "put", "k", {"v1"}, "", 0, 10));
  ops.push_back(op(1, "get", "k", {}, "v1", 20, 30));   // GetAndCache, lease 100
  ops.push_back(op(1, "get", "k", {}, "v1", 60, 60));   // hit
  ops.push_back(op(0, "put", "k", {"v2"}, "", 40, 120));  // waited for the lease
  ops.push_back(op(1, "get", "k", {}, "v2", 130, 140));
  input.grants.push_back({1, 100});
  input.cache_hits.push_back(2);
  EXPECT_TRUE(check_cache_freshness(input).ok());
}

TEST(CacheChecker, RejectsAStaleHitAndAPutInsideTheLease) {
  CacheHistory input;
  auto& ops = input.history.operations;
  ops.push_back(op(0, "put", "k", {"v1"}, "", 0, 10));
  ops.push_back(op(1, "get", "k", {}, "v1", 20, 30));     // GetAndCache, lease 100
  ops.push_back(op(0, "put", "k", {"v2"}, "", 40, 50));   // did not wait
  ops.push_back(op(1, "get", "k", {}, "v1", 60, 60));     // stale hit
  input.grants.push_back({1, 100});
  input.cache_hits.push_back(3);
  const AppCheckResult result = check_cache_freshness(input);
  EXPECT_TRUE(has_rule(result, "put-during-lease"));
  EXPECT_TRUE(has_rule(result, "cache-not-linearizable"));
}

TEST(LockChecker, AcceptsHandOverAtReleaseAndAfterLeaseEnd) {
  std::vector<LockPossession> possessions = {
      {1, "a", 0, 100, 50, false},                  // released at 50
      {2, "a", 60, 300, traces::kNoReturn, false},  // crashed; its clock says over at 300
      {3, "a", 310, 500, 400, false},               // took over after the lease
      {3, "a", 390, 700, 400, true},                // its renewal, same holder
      {4, "b", 0, 100, traces::kNoReturn, false},
  };
  const AppCheckResult result = check_lock_mutual_exclusion(possessions);
  EXPECT_TRUE(result.ok()) << result.violations.front().message;
}

TEST(LockChecker, RejectsOverlapAndReacquisition) {
  const AppCheckResult overlap = check_lock_mutual_exclusion({{1, "a", 0, 100, 50, false}, {2, "a", 40, 200, 90, false}});
  EXPECT_TRUE(has_rule(overlap, "two-holders"));
  const AppCheckResult early = check_lock_mutual_exclusion({{1, "a", 0, 300, traces::kNoReturn, false},
                                                            {2, "a", 250, 400, 350, false}});
  EXPECT_TRUE(has_rule(early, "two-holders"));  // taken over before the holder's lease ended
  const AppCheckResult again = check_lock_mutual_exclusion({{1, "a", 0, 100, 90, false}, {1, "a", 50, 200, 150, false}});
  EXPECT_TRUE(has_rule(again, "reacquired-held-lock"));
}

TEST(LockModel, CatchesTwoGrantsFromFreeAndForeignRelease) {
  const Model& model = *find_model("lock");
  traces::History good;
  good.operations = {op(0, "acquire", "a", {"h1"}, "ok", 0, 10), op(1, "takeover", "a", {"h2", "h1"}, "ok", 20, 30),
                     op(0, "release", "a", {"h1"}, "lost", 40, 50), op(1, "release", "a", {"h2"}, "ok", 60, 70),
                     op(2, "acquire", "a", {"h3"}, std::nullopt, 80, 0),
                     op(0, "takeover", "a", {"h4", "h3"}, "ok", 90, 100)};
  EXPECT_EQ(check_linearizability(good, model).verdict, Verdict::kLinearizable);
  traces::History two;
  two.operations = {op(0, "acquire", "a", {"h1"}, "ok", 0, 10), op(1, "acquire", "a", {"h2"}, "ok", 20, 30)};
  EXPECT_EQ(check_linearizability(two, model).verdict, Verdict::kNotLinearizable);
  traces::History foreign;
  foreign.operations = {op(0, "acquire", "a", {"h1"}, "ok", 0, 10), op(1, "release", "a", {"h2"}, "ok", 20, 30)};
  EXPECT_EQ(check_linearizability(foreign, model).verdict, Verdict::kNotLinearizable);
}

TEST(BankChecker, AcceptsAConservedHistory) {
  traces::History history;
  history.operations = {
      op(0, "init", "", {"a", "1000"}, "ok", 0, 10),
      op(1, "init", "", {"a", "1000"}, "skipped", 5, 15),
      op(0, "transfer", "", {"a", "b", "300"}, "ok", 20, 30),
      op(1, "transfer", "", {"b", "c", "400"}, "insufficient", 40, 50),
      op(1, "transfer", "", {"b", "c", "100"}, std::nullopt, 55, 0),
      op(0, "transfer", "", {"a", "c", "5"}, "aborted", 60, 70),
      op(0, "audit", "", {}, "a=700 b=300 c=0", 80, 90),
      op(1, "audit", "", {}, "a=700 b=200 c=100", 200, 210),
  };
  BankCheckOptions options;
  options.heal_ns = 150;
  const AppCheckResult result = check_bank(history, options);
  EXPECT_TRUE(result.ok()) << result.violations.front().message << result.note;
}

TEST(BankChecker, RejectsWrongTotalsUnderflowAndNoAuditAfterHeal) {
  traces::History history;
  history.operations = {
      op(0, "init", "", {"a", "1000"}, "ok", 0, 10),
      op(0, "transfer", "", {"a", "b", "300"}, "ok", 20, 30),
      op(0, "audit", "", {}, "a=1000 b=300", 40, 50),
      op(0, "audit", "", {}, "a=18446744073709551516 b=1100", 60, 70),
  };
  BankCheckOptions options;
  options.heal_ns = 100;
  options.linearizability = false;
  const AppCheckResult result = check_bank(history, options);
  EXPECT_TRUE(has_rule(result, "audit-total"));
  EXPECT_TRUE(has_rule(result, "balance-underflow"));
  EXPECT_TRUE(has_rule(result, "no-audit-after-heal"));
  options.linearizability = true;
  EXPECT_TRUE(has_rule(check_bank(history, options), "bank-not-linearizable"));
}

TEST(BankChecker, SlowOperationsWithAProgressBound) {
  traces::History history;
  history.operations = {op(0, "transfer", "", {"a", "b", "1"}, "ok", 0, 900),
                        op(1, "transfer", "", {"b", "a", "1"}, std::nullopt, 100, 0)};
  BankCheckOptions options;
  options.linearizability = false;
  options.progress_bound_ns = 500;
  options.end_ns = 1000;
  EXPECT_EQ(check_bank(history, options).violations.size(), 2u);
}

TEST(BankHistory, BalancesRoundTrip) {
  const auto parsed = parse_balances("acct0=1000 acct1=0");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(format_balances(*parsed), "acct0=1000 acct1=0");
  EXPECT_FALSE(parse_balances("acct0=x"));
  EXPECT_FALSE(parse_balances("=5"));
}

}  // namespace
}  // namespace grove::checkers::apps
