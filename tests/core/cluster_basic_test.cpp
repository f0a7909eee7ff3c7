// A healthy Grove cluster in the simulator (no faults): vKV behaves like a sequential KV,
// backups serve lease reads, reconfiguration and Paxos leader changes keep every write.
#include <gtest/gtest.h>

#include "tests/core/cluster_test_util.h"

namespace grove {
namespace {

using scenarios::Cluster;
using scenarios::ClusterOptions;
using scenarios::ClientSession;
using testing::all_finished;
using testing::count_ghosts;
using testing::expect_acknowledged_writes_present;
using testing::spawn_owner_workload;
using testing::world_options;

TEST(ClusterBasic, SequentialOpsBehaveLikeAKeyValueStore) {
  sim::World world(world_options(7));
  Cluster cluster(world, ClusterOptions{});
  cluster.start();
  ASSERT_TRUE(cluster.bootstrap());
  std::vector<std::optional<std::string>> results;
  bool done = false;
  cluster.spawn_client(0, [&](ClientSession& session) {
    results.push_back(session.get("k"));
    results.push_back(session.put("k", "v1"));
    results.push_back(session.get("k"));
    results.push_back(session.cond_put("k", "nope", "v2"));
    results.push_back(session.cond_put("k", "v1", "v2"));
    results.push_back(session.get("k"));
    results.push_back(session.put("k", ""));
    results.push_back(session.cond_put("k", "", "v3"));
    results.push_back(session.get("k"));
    done = true;
  });
  ASSERT_TRUE(cluster.run_until([&] { return done; }, 20 * env::kSecond));
  std::vector<std::optional<std::string>> expected = {"", "", "v1", "", "ok", "v2", "", "ok", "v3"};
  EXPECT_EQ(results, expected);
  EXPECT_EQ(count_ghosts(world, "became_primary"), 1u);
}

// Several clients race CondPut increments on one shared counter: every successful CondPut
// is one increment, so the final value counts them (lost or doubled updates would show).
TEST(ClusterBasic, ConcurrentCondPutCounterCountsEverySuccess) {
  sim::World world(world_options(11));
  Cluster cluster(world, ClusterOptions{.clients = 4});
  cluster.start();
  ASSERT_TRUE(cluster.bootstrap());
  auto successes = std::make_shared<int>(0);
  auto finished = std::make_shared<int>(0);
  for (std::size_t client = 0; client < 4; ++client) {
    cluster.spawn_client(client, [successes, finished](ClientSession& session) {
      for (int attempt = 0; attempt < 8; ++attempt) {
        std::string current = session.get("counter").value_or("");
        std::string next = std::to_string(current.empty() ? 1 : std::stoi(current) + 1);
        if (session.cond_put("counter", current, next) == "ok") *successes += 1;
      }
      *finished += 1;
    });
  }
  ASSERT_TRUE(cluster.run_until([&] { return *finished == 4; }, 60 * env::kSecond));
  EXPECT_GT(*successes, 0);
  std::optional<std::string> final_value;
  bool read = false;
  cluster.spawn_client(0, [&](ClientSession& session) {
    final_value = session.get("counter");
    read = true;
  });
  ASSERT_TRUE(cluster.run_until([&] { return read; }, 10 * env::kSecond));
  EXPECT_EQ(final_value, std::to_string(*successes));
}

TEST(ClusterBasic, BackupsServeLeaseReads) {
  sim::World world(world_options(3));
  Cluster cluster(world, ClusterOptions{});
  cluster.start();
  ASSERT_TRUE(cluster.bootstrap());
  std::vector<std::shared_ptr<testing::OwnerWorkload>> workloads;
  for (std::size_t client = 0; client < 3; ++client) {
    workloads.push_back(spawn_owner_workload(cluster, client, 40));
  }
  ASSERT_TRUE(cluster.run_until([&] { return all_finished(workloads); }, 60 * env::kSecond));
  env::NodeId primary = cluster.initial_members()[0];
  std::size_t backup_reads = 0;
  for (const auto& ghost : world.ghosts()) {
    if (ghost.kind == "read_served" && ghost.node != primary) {
      ++backup_reads;
      EXPECT_LT(ghost.time_ns, static_cast<std::int64_t>(ghost.get("expiry_ns")));
    }
  }
  EXPECT_GT(backup_reads, 0u);
  for (const auto& workload : workloads) EXPECT_EQ(workload->mismatches, 0);
}

TEST(ClusterBasic, ReconfigurationToANewMemberKeepsEveryAcknowledgedWrite) {
  sim::World world(world_options(5));
  Cluster cluster(world, ClusterOptions{});
  cluster.start();
  ASSERT_TRUE(cluster.bootstrap());
  std::vector<std::shared_ptr<testing::OwnerWorkload>> workloads;
  for (std::size_t client = 0; client < 3; ++client) {
    workloads.push_back(spawn_owner_workload(cluster, client, 30));
  }
  world.run_for(300 * env::kMillisecond);
  // The spare (never a member) becomes the primary; the old primary leaves, mid-workload.
  const auto& replicas = cluster.replicas();
  ASSERT_TRUE(cluster.reconfigure({replicas[3], replicas[1], replicas[2]}));
  ASSERT_TRUE(cluster.run_until([&] { return all_finished(workloads); }, 60 * env::kSecond));
  for (const auto& workload : workloads) EXPECT_EQ(workload->mismatches, 0);
  std::size_t spare_primary = 0;
  for (const auto& ghost : world.ghosts()) {
    spare_primary += ghost.kind == "became_primary" && ghost.node == replicas[3];
  }
  EXPECT_EQ(spare_primary, 1u);
  expect_acknowledged_writes_present(cluster, 0);
}

TEST(ClusterBasic, PaxosLeaderChangeKeepsConfigAndLeases) {
  sim::World world(world_options(9));
  Cluster cluster(world, ClusterOptions{});
  cluster.start();
  ASSERT_TRUE(cluster.bootstrap());
  auto before = spawn_owner_workload(cluster, 0, 10);
  ASSERT_TRUE(cluster.run_until([&] { return before->finished; }, 30 * env::kSecond));
  ASSERT_TRUE(cluster.make_config_leader(1));
  std::size_t grants_before = count_ghosts(world, "lease_granted");
  auto after = spawn_owner_workload(cluster, 1, 20);
  ASSERT_TRUE(cluster.run_until([&] { return after->finished; }, 30 * env::kSecond));
  world.run_for(2 * env::kSecond);
  // The new leader keeps granting leases for the same live epoch (it adopted the state).
  EXPECT_GT(count_ghosts(world, "lease_granted"), grants_before + 3);
  std::size_t issued_by_new_leader = count_ghosts(world, "lease_issued", cluster.config_servers()[1]);
  EXPECT_GT(issued_by_new_leader, 0u);
  EXPECT_EQ(count_ghosts(world, "epoch_entered"), 3u);  // no new replica epoch
  // A reconfiguration through the new leader works too.
  ASSERT_TRUE(cluster.reconfigure(cluster.initial_members()));
  expect_acknowledged_writes_present(cluster, 2);
  EXPECT_EQ(before->mismatches + after->mismatches, 0);
}

}  // namespace
}  // namespace grove
