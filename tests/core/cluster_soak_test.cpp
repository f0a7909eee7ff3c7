// Swarm-style soak of a Grove cluster, fixed seeds: message loss, duplication and reordering,
// torn appends, clock offsets and drift within the advertised uncertainty, crashes and restarts
// of replicas and config servers, pauses, isolations, Paxos leader changes and random
// reconfigurations. Then a heal phase (faults off, leader elected, reconfiguration to the
// initial members): every client finishes, reads its own writes, every acknowledged write is
// present, and the ghost events satisfy the protocol invariants.
#include <gtest/gtest.h>

#include "sim/network_model.h"
#include "tests/core/cluster_test_util.h"

namespace grove {
namespace {

using scenarios::Cluster;
using scenarios::ClusterOptions;

// A small deterministic generator for the fault plan, separate from the world's streams.
class PlanRandom {
 public:
  explicit PlanRandom(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  std::uint64_t below(std::uint64_t bound) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state_ >> 33) % bound;
  }

 private:
  std::uint64_t state_;
};

void run_chaos(Cluster& cluster, PlanRandom& random, int steps) {
  sim::World& world = cluster.world();
  const auto& replicas = cluster.replicas();
  const auto& config_servers = cluster.config_servers();
  auto ms = [](std::uint64_t n) { return static_cast<env::DurationNs>(n) * env::kMillisecond; };
  for (int step = 0; step < steps; ++step) {
    world.run_for(ms(100 + random.below(800)));
    switch (random.below(6)) {
      case 0: {
        env::NodeId node = replicas[random.below(replicas.size())];
        world.crash(node);
        world.run_for(ms(random.below(500)));
        world.restart(node);
        break;
      }
      case 1: {
        env::NodeId node = config_servers[random.below(config_servers.size())];
        world.crash(node);
        world.run_for(ms(random.below(500)));
        world.restart(node);
        cluster.start_make_config_leader(random.below(config_servers.size()));
        break;
      }
      case 2: {
        vrsm::Config config = {replicas[random.below(replicas.size())]};
        for (env::NodeId replica : replicas) {
          if (replica != config[0] && config.size() < 3 && random.below(2)) config.push_back(replica);
        }
        cluster.start_reconfiguration(config);
        break;
      }
      case 3:
        world.network().isolate(replicas[random.below(replicas.size())]);
        world.run_for(ms(random.below(1500)));
        world.network().heal();
        break;
      case 4:
        cluster.start_make_config_leader(random.below(config_servers.size()));
        break;
      default: {
        env::NodeId node = random.below(2) ? replicas[random.below(replicas.size())]
                                           : config_servers[random.below(config_servers.size())];
        world.pause(node);
        world.run_for(ms(random.below(1500)));
        world.resume(node);
        break;
      }
    }
  }
}

class ClusterSoak : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(ClusterSoak, SafeFaultsThenHeal) {
  std::uint64_t seed = GetParam();
  sim::WorldOptions options = testing::world_options(seed);
  options.network.drop_ppm = 20'000;
  options.network.duplicate_ppm = 20'000;
  options.network.reorder_ppm = 50'000;
  options.disk.torn_append_ppm = 500'000;
  sim::World world(options);
  Cluster cluster(world, ClusterOptions{.spare_replicas = 2, .clients = 4});
  PlanRandom random(seed);
  for (std::size_t node = 0; node < world.node_count(); ++node) {
    world.set_clock(node, static_cast<std::int64_t>(random.below(20'000'000)) - 10'000'000,
                    static_cast<std::int64_t>(random.below(200)) - 100);
  }
  cluster.start();
  ASSERT_TRUE(cluster.bootstrap(20 * env::kSecond)) << vrsm::err_name(cluster.bootstrap_err());
  std::vector<std::shared_ptr<testing::OwnerWorkload>> workloads;
  for (std::size_t client = 0; client < 4; ++client) {
    workloads.push_back(testing::spawn_owner_workload(cluster, client, 120));
  }
  run_chaos(cluster, random, 25);

  // Heal phase.
  world.network().heal();
  world.network().options().drop_ppm = 0;
  world.network().options().duplicate_ppm = 0;
  world.network().options().reorder_ppm = 0;
  ASSERT_TRUE(cluster.make_config_leader(0, 10 * env::kSecond));
  ASSERT_TRUE(cluster.reconfigure(cluster.initial_members(), 30 * env::kSecond));
  ASSERT_TRUE(cluster.run_until([&] { return testing::all_finished(workloads); }, 120 * env::kSecond))
      << "a client made no progress after heal";
  for (const auto& workload : workloads) EXPECT_EQ(workload->mismatches, 0);
  testing::expect_acknowledged_writes_present(cluster, 0);
  testing::expect_protocol_invariants(world);
}

// The protocol core adds no nondeterminism of its own: the same seed and plan give the same
// ghost events, field for field, at the same true times.
TEST(ClusterSoakDeterminism, SameSeedSameGhostEvents) {
  auto run = [](std::uint64_t seed) {
    sim::WorldOptions options = testing::world_options(seed);
    options.network.drop_ppm = 20'000;
    options.network.duplicate_ppm = 20'000;
    options.network.reorder_ppm = 50'000;
    sim::World world(options);
    Cluster cluster(world, ClusterOptions{});
    cluster.start();
    EXPECT_TRUE(cluster.bootstrap(20 * env::kSecond));
    for (std::size_t client = 0; client < 3; ++client) testing::spawn_owner_workload(cluster, client, 30);
    PlanRandom random(seed);
    run_chaos(cluster, random, 6);
    world.run_for(5 * env::kSecond);
    std::vector<std::string> ghosts;
    for (const auto& ghost : world.ghosts()) {
      std::string line = std::to_string(ghost.time_ns) + " " + std::to_string(ghost.node) + " " + ghost.kind;
      for (const auto& [name, value] : ghost.fields) line += " " + name + "=" + std::to_string(value);
      ghosts.push_back(std::move(line));
    }
    return ghosts;
  };
  std::vector<std::string> first = run(42);
  EXPECT_GT(first.size(), 100u);
  EXPECT_EQ(first, run(42));
}

INSTANTIATE_TEST_SUITE_P(Seeds, ClusterSoak, ::testing::Range<std::uint64_t>(1, 31));

}  // namespace
}  // namespace grove
