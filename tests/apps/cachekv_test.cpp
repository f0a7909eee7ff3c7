// cachekv (protocol.md §7.2): encoding, sequential behaviour without faults, freshness of
// cached reads under safe faults, and the planted bugs A1-A3 caught by the freshness checker.
#include <gtest/gtest.h>

#include "core/apps/cachekv/cache_value.h"
#include "tests/apps/app_test_util.h"

namespace grove {
namespace {

using apps::cachekv::decode_cache_value;
using apps::cachekv::encode_cache_value;
using scenarios::apps::CacheWorkloadOptions;

TEST(CacheValue, RoundTripAndNeverWrittenKey) {
  const auto decoded = decode_cache_value(encode_cache_value("hello", 1234));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->value, "hello");
  EXPECT_EQ(decoded->lease_expiration_ns, 1234);
  const auto empty = decode_cache_value("");  // §7.2 [UNCLEAR]: "" is ("", lease 0)
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->value, "");
  EXPECT_EQ(empty->lease_expiration_ns, 0);
  EXPECT_FALSE(decode_cache_value("short"));
}

// One client: every Get returns the last Put (the sequential spec), many from the cache.
TEST(CacheKv, SingleClientBehavesAsTheSequentialSpec) {
  scenarios::apps::AppRunOptions options = testing::fault_free_run(7);
  options.clients = 1;
  const auto result = scenarios::apps::run_cachekv(options);
  testing::expect_green(result);
  std::map<std::string, std::string> last;
  std::size_t gets = 0;
  for (const auto& op : result.history.operations) {
    ASSERT_TRUE(op.output) << "fault-free op without outcome";
    if (op.name == "put") {
      last[op.key] = op.input[0];
    } else {
      EXPECT_EQ(*op.output, last[op.key]) << "get of " << op.key << " at " << op.invoke_ns;
      gets += 1;
    }
  }
  EXPECT_GT(gets, 30u);
  EXPECT_GT(testing::coverage_of(result, "cachekv_put_waits_for_lease"), 0u);
}

class CacheKvSeeds : public ::testing::TestWithParam<std::uint64_t> {};

// Concurrent cached reads and writes never return a stale value, with and without faults.
TEST_P(CacheKvSeeds, CachedReadsAreNeverStale) {
  const auto fault_free = scenarios::apps::run_cachekv(testing::fault_free_run(GetParam()));
  testing::expect_green(fault_free);
  EXPECT_GT(fault_free.check.checked, 0u);
  testing::expect_green(scenarios::apps::run_cachekv(testing::faulty_run(GetParam())));
}

INSTANTIATE_TEST_SUITE_P(Seeds, CacheKvSeeds, ::testing::Values(1, 2, 3, 4, 5));

// A1: the cache trusts lo < lease. Needs a Put whose clock runs ahead of the reader's: clock
// offsets within a 50 ms uncertainty, no other fault. About a third of the seeds find it (10 of
// a 30-seed scan), so it must be found at least 3 times within 30 seeds, never on correct code.
TEST(CacheKvBugs, A1TrustingLoIsCaught) {
  CacheWorkloadOptions workload;
  workload.get_and_cache_per_mille = 50;
  workload.put_per_mille = 200;
  workload.ops_per_client = 100;
  int caught = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    scenarios::apps::AppRunOptions options = testing::fault_free_run(seed);
    options.faults.clock_skew = true;
    options.clock_uncertainty_ns = 50 * env::kMillisecond;
    options.clients = 4;
    EXPECT_TRUE(scenarios::apps::run_cachekv(options, workload).ok()) << "correct code, seed " << seed;
    options.bugs.enable(env::Bug::A1);
    caught += testing::has_rule(scenarios::apps::run_cachekv(options, workload), "cache-not-linearizable");
  }
  EXPECT_GE(caught, 3) << "A1 caught on " << caught << " of 30 seeds";
}

// A2: Put does not wait for the lease.
TEST(CacheKvBugs, A2PutWithoutWaitingIsCaught) {
  for (std::uint64_t seed : {1, 2}) {
    scenarios::apps::AppRunOptions options = testing::fault_free_run(seed);
    options.bugs.enable(env::Bug::A2);
    EXPECT_TRUE(testing::has_rule(scenarios::apps::run_cachekv(options), "put-during-lease"));
  }
}

// A3: GetAndCache shortens an existing lease.
TEST(CacheKvBugs, A3ShortenedLeaseIsCaught) {
  for (std::uint64_t seed : {1, 2}) {
    scenarios::apps::AppRunOptions options = testing::fault_free_run(seed);
    options.bugs.enable(env::Bug::A3);
    EXPECT_FALSE(scenarios::apps::run_cachekv(options).check.ok()) << "seed " << seed;
  }
}

}  // namespace
}  // namespace grove
