// The real processes, end to end on loopback: `cluster up`, kv operations, a crash and a
// restart that recovers from the data directory, bad input, and a short real campaign that
// passes on the correct protocol and flags a planted durability bug.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "core/storage/replica_log_format.h"
#include "runtime/free_ports.h"
#include "tests/cli/cli_test_util.h"

namespace grove::testing {
namespace {

// Brings a cluster down whatever the test's outcome.
struct ClusterGuard {
  std::string dir;
  ~ClusterGuard() { grovesim("cluster down --dir " + dir); }
};

TEST(RealCluster, UpPutGetCrashRestartAndRecover) {
  const auto dir = scratch_dir("real-cluster");
  const std::string at = " --dir " + (dir / "c").string();
  ClusterGuard guard{(dir / "c").string()};
  const CommandResult up = grovesim("cluster up --config-servers 1 --replicas 2 --spares 0" + at);
  ASSERT_EQ(up.exit_code, 0) << up.err << up.out;

  EXPECT_EQ(grovesim("kv put k v1" + at).out, "ok\n");
  EXPECT_EQ(grovesim("kv get k" + at).out, "v1\n");
  CommandResult cond = grovesim("kv cond-put k wrong v2" + at);
  EXPECT_EQ(cond.exit_code, 1);
  EXPECT_EQ(grovesim("kv cond-put k v1 v2" + at).out, "ok\n");
  EXPECT_EQ(grovesim("kv get k" + at).out, "v2\n");
  EXPECT_EQ(grovesim("kv get missing" + at).out, "\n");

  // The load generator against it: every op answered, none failed.
  const CommandResult bench =
      grovesim("kv-bench --duration 0.5 --warmup 0 --clients 4 --keys 20 --get-fraction 0.5 --json" + at);
  ASSERT_EQ(bench.exit_code, 0) << bench.err << bench.out;
  const nlohmann::json load = nlohmann::json::parse(bench.out);
  EXPECT_GT(load["get"]["ops"].get<int>(), 0);
  EXPECT_GT(load["put"]["ops"].get<int>(), 0);
  EXPECT_EQ(load["all"]["errors"], 0);
  EXPECT_EQ(load["get_misses"], 0);
  EXPECT_EQ(load["preload_errors"], 0);

  // A crash of every node (SIGKILL), then a restart: the acknowledged write is recovered from
  // the data directories by the same code the simulator runs after a crash.
  for (const char* node : {"config0", "replica0", "replica1"}) {
    EXPECT_EQ(grovesim(std::string("cluster kill --node ") + node + at).exit_code, 0) << node;
  }
  EXPECT_EQ(grovesim("cluster status" + at).exit_code, 1);  // some node is down
  const CommandResult restart = grovesim("cluster restart" + at);
  ASSERT_EQ(restart.exit_code, 0) << restart.err << restart.out;
  EXPECT_EQ(grovesim("cluster status" + at).exit_code, 0);
  // The restarted config service has no Paxos leader and no replica is primary: the admin's
  // reconfiguration (same members, new epoch) restores both.
  const CommandResult reconfigure = grovesim("admin reconfigure --timeout 20" + at);
  ASSERT_EQ(reconfigure.exit_code, 0) << reconfigure.err << reconfigure.out;
  const CommandResult after = grovesim("kv get k --timeout 20" + at);
  EXPECT_EQ(after.out, "v2\n") << after.err;

  // A second cluster in the same directory is refused while this one runs.
  EXPECT_EQ(grovesim("cluster up" + at).exit_code, 2);
  EXPECT_EQ(grovesim("cluster down" + at).exit_code, 0);
  EXPECT_EQ(grovesim("kv get k --timeout 0.3" + at).exit_code, 1);  // nobody answers
}

TEST(RealCluster, BadInputIsAOneLineErrorAndExitTwo) {
  const auto dir = scratch_dir("real-bad-input");
  const std::string data = (dir / "node").string();
  auto expect_bad = [](const std::string& args, const std::string& needle) {
    const CommandResult result = grovesim(args);
    EXPECT_EQ(result.exit_code, 2) << args << "\n" << result.err;
    EXPECT_NE(result.err.find(needle), std::string::npos) << args << "\n" << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  };
  expect_bad("serve replica --listen 127.0.0.1 --config 127.0.0.1:1 --data " + data, "bad address '127.0.0.1'");
  expect_bad("serve replica --listen 127.0.0.1:1 --config 127.0.0.1:1,x:2 --data " + data, "bad address 'x:2'");
  expect_bad("serve config --listen 127.0.0.1:9 --config 127.0.0.1:1 --data " + data, "must list this config");
  expect_bad("serve witness --listen 127.0.0.1:9 --config 127.0.0.1:1 --data " + data, "unknown role");
  expect_bad("serve replica --listen 127.0.0.1:9 --config 127.0.0.1:1 --group-commit-delay-us 2000000 --data " + data,
             "--group-commit-delay-us");
  expect_bad("cluster up --group-commit-delay-us -3 --dir " + (dir / "c").string(), "--group-commit-delay-us");
  expect_bad("kv frob k --config 127.0.0.1:1", "unknown operation");
  expect_bad("kv put k --config 127.0.0.1:1", "expected KEY VALUE");
  expect_bad("kv get k --dir " + (dir / "nothing").string(), "no cluster here");
  expect_bad("real-campaign --duration 1 --faults kill,flood --out " + (dir / "rc").string(), "unknown fault 'flood'");
  expect_bad("kv-bench --clients 0 --config 127.0.0.1:1", "--clients must be from 1");
  expect_bad("kv-bench --redis nonsense", "--redis: expected HOST:PORT");

  // A data directory belongs to one node.
  std::filesystem::create_directories(data);
  std::ofstream(data + "/node.json") << "{\"role\":\"replica\",\"address\":\"127.0.0.1:5\"}\n";
  expect_bad("serve replica --listen 127.0.0.1:6 --config 127.0.0.1:1 --data " + data, "belongs to another node");
  // A replica log whose header record is damaged is refused, not silently started empty.
  const std::string other = (dir / "corrupt").string();
  std::filesystem::create_directories(other);
  std::ofstream(other + "/replica.log") << "this is not a checksummed record";
  expect_bad("serve replica --listen 127.0.0.1:7 --config 127.0.0.1:1 --data " + other, "corrupt replica log");
}

TEST(RealCampaign, PassesOnTheCorrectProtocolAndFlagsAPlantedDurabilityBug) {
  const auto dir = scratch_dir("real-campaign");
  const CommandResult clean =
      grovesim("real-campaign --duration 3 --clients 2 --json --out " + (dir / "clean").string());
  ASSERT_EQ(clean.exit_code, 0) << clean.err << clean.out;
  const nlohmann::json report = nlohmann::json::parse(clean.out);
  EXPECT_EQ(report["verdict"], "pass");
  EXPECT_GT(report["ops_completed"].get<int>(), 10);
  EXPECT_GT(report["ghost_events"].get<int>(), 100);
  EXPECT_TRUE(std::filesystem::exists(dir / "clean" / "history.json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "clean" / "cluster" / "replica0.ghost.jsonl"));

  // R2: the primary replies before its own append is durable. The ghost events show it.
  const CommandResult buggy = grovesim("real-campaign --duration 2 --clients 2 --faults none --bug R2 --json --out " +
                                       (dir / "r2").string());
  ASSERT_EQ(buggy.exit_code, 1) << buggy.err << buggy.out;
  const nlohmann::json found = nlohmann::json::parse(buggy.out);
  EXPECT_EQ(found["verdict"], "fail");
  bool ack_not_durable = false;
  for (const auto& violation : found["violations"]) ack_not_durable |= violation["rule"] == "ack-not-durable";
  EXPECT_TRUE(ack_not_durable) << buggy.out;
}

// The same load generator speaks RESP to Redis (the benchmark's other side), if this machine has
// redis-server (scripts/install-deps.sh installs it).
TEST(KvBench, DrivesARedisServer) {
  if (std::system("command -v redis-server redis-cli >/dev/null 2>&1") != 0) GTEST_SKIP() << "no redis-server";
  const auto dir = scratch_dir("kv-bench-redis");
  std::string error;
  const std::vector<std::uint16_t> ports = runtime::free_ports(1, error);  // not in use, not ephemeral
  ASSERT_EQ(ports.size(), 1u) << error;
  const int port = ports[0];
  const std::string pidfile = (dir / "redis.pid").string();
  ASSERT_EQ(std::system(("redis-server --port " + std::to_string(port) + " --bind 127.0.0.1 --save '' " +
                         "--appendonly no --daemonize yes --pidfile " + pidfile + " --dir " + dir.string() +
                         " >/dev/null").c_str()),
            0);
  // A daemonized redis-server listens some time after the command returns. Wait until it answers
  // before the bench: a bench that started while it came up would count its first clients'
  // refused connections as errors (and their missing preloads as misses) yet still exit 0.
  bool answering = false;
  for (int attempt = 0; attempt < 100 && !answering; ++attempt) {
    answering = std::system(("redis-cli -p " + std::to_string(port) + " ping 2>/dev/null | grep -q PONG").c_str()) == 0;
    if (!answering) ::usleep(50'000);
  }
  const CommandResult bench =
      answering ? grovesim("kv-bench --redis 127.0.0.1:" + std::to_string(port) +
                           " --duration 0.3 --warmup 0 --clients 4 --keys 20 --timeout 2 --json")
                : CommandResult{};
  std::system(("kill $(cat " + pidfile + ") 2>/dev/null").c_str());
  ASSERT_TRUE(answering) << "redis-server on port " << port << " did not answer within 5 s";
  ASSERT_EQ(bench.exit_code, 0) << bench.err << bench.out;
  const nlohmann::json load = nlohmann::json::parse(bench.out);
  EXPECT_EQ(load["target"], "redis");
  EXPECT_GT(load["all"]["ops"].get<int>(), 0);
  EXPECT_EQ(load["all"]["errors"], 0);
  EXPECT_EQ(load["get_misses"], 0);
}

}  // namespace
}  // namespace grove::testing
