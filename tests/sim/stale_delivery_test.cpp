// Stale deliveries and late duplicates: old packets still on the wire reach a node's new
// incarnation (an old request runs there; an old reply finds no call and is ignored), and a
// duplicate may arrive hundreds of milliseconds after the original.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "sim/world.h"
#include "tests/sim/sim_test_util.h"

namespace grove::sim {
namespace {

using testing::add_task_node;

WorldOptions slow_network(std::uint32_t stale_ppm) {
  WorldOptions options;
  options.network.min_delay_ns = 50 * env::kMillisecond;  // outlives a quick restart
  options.network.tail_mean_ns = 0;
  options.network.stale_delivery_ppm = stale_ppm;
  return options;
}

// Counts the trace events of one kind and label.
struct TraceCounter {
  traces::TraceKind kind;
  std::string label;
  int count = 0;
  void attach(World& world) {
    world.trace().observe([this](const traces::TraceEvent& event) {
      if (event.kind == kind && event.label == label) ++count;
    });
  }
};

// A server that records, per incarnation, the requests its handler ran.
struct RecordingServer {
  std::shared_ptr<std::vector<std::pair<std::uint64_t, std::string>>> runs =
      std::make_shared<std::vector<std::pair<std::uint64_t, std::string>>>();
  env::NodeId add(World& world) {
    auto log = runs;
    return add_task_node(world, "server", [log, &world](env::Env& env) {
      const std::uint64_t incarnation = world.incarnation(env.self);
      env.network.serve(1, [log, incarnation](env::Bytes args) {
        log->push_back({incarnation, args});
        return args;
      });
    });
  }
};

// The client calls at t=0; the server crashes at 10 ms and restarts at 20 ms, before the
// request arrives at 50 ms.
std::vector<std::pair<std::uint64_t, std::string>> request_across_restart(std::uint32_t stale_ppm,
                                                                          int* stale_deliveries) {
  World world(slow_network(stale_ppm));
  TraceCounter stale{traces::TraceKind::kDeliver, "stale"};
  stale.attach(world);
  RecordingServer server;
  const env::NodeId server_node = server.add(world);
  add_task_node(world, "client", [server_node](env::Env& env) {
    env.network.call(server_node, 1, "old request", 200 * env::kMillisecond);
  });
  world.run_for(10 * env::kMillisecond);
  world.crash(server_node);
  world.run_for(10 * env::kMillisecond);
  world.restart(server_node);
  world.run_for(env::kSecond);
  *stale_deliveries = stale.count;
  return *server.runs;
}

TEST(StaleDelivery, AnOldRequestReachesTheNewIncarnationOnlyWhenStaleDeliveryIsOn) {
  int stale = 0;
  const auto without = request_across_restart(0, &stale);
  EXPECT_TRUE(without.empty());  // gone with the old connection
  EXPECT_EQ(stale, 0);
  const auto with = request_across_restart(1'000'000, &stale);
  ASSERT_EQ(with.size(), 1u);
  EXPECT_EQ(with[0].first, 1u);  // the handler of incarnation 1 ran it
  EXPECT_EQ(with[0].second, "old request");
  EXPECT_GE(stale, 1);
}

TEST(StaleDelivery, AReplyForACallOfAnEarlierIncarnationIsIgnored) {
  World world(slow_network(1'000'000));
  TraceCounter stale{traces::TraceKind::kDeliver, "stale"};
  stale.attach(world);
  RecordingServer server;
  const env::NodeId server_node = server.add(world);
  std::vector<std::string> replies;  // what each incarnation of the client got back
  const env::NodeId client = add_task_node(world, "client", [&](env::Env& env) {
    const std::string request = "from incarnation " + std::to_string(world.incarnation(env.self));
    env::CallResult result = env.network.call(server_node, 1, request, 500 * env::kMillisecond);
    replies.push_back(result.ok() ? result.reply : "error");
  });
  // The first call is in flight; the client crashes and restarts before its reply (at 100 ms)
  // comes back, and its new incarnation makes a new call.
  world.run_for(10 * env::kMillisecond);
  world.crash(client);
  world.run_for(10 * env::kMillisecond);
  world.restart(client);
  world.run_for(env::kSecond);
  // The server ran both requests; the old reply reached the new incarnation (stale) and was
  // dropped; the new call got its own reply.
  ASSERT_EQ(server.runs->size(), 2u);
  EXPECT_GE(stale.count, 2);  // the old request from a crashed sender, and its old reply
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0], "from incarnation 1");
}

TEST(StaleDelivery, ALateDuplicateArrivesHundredsOfMillisecondsLater) {
  WorldOptions options;
  options.network.min_delay_ns = env::kMillisecond;
  options.network.tail_mean_ns = 0;
  options.network.late_duplicate_ppm = 1'000'000;
  options.network.late_duplicate_min_ns = 300 * env::kMillisecond;
  options.network.late_duplicate_max_ns = 300 * env::kMillisecond;
  World world(options);
  std::vector<TimeNs> handled_at;
  const env::NodeId server = add_task_node(world, "server", [&](env::Env& env) {
    env.network.serve(1, [&](env::Bytes args) {
      handled_at.push_back(world.now());
      return args;
    });
  });
  add_task_node(world, "client", [&](env::Env& env) {
    EXPECT_TRUE(env.network.call(server, 1, "x", 100 * env::kMillisecond).ok());
  });
  world.run_for(env::kSecond);
  // The original, then its late copy; the copy's reply (and the late copy of the first reply)
  // find no waiting call.
  ASSERT_EQ(handled_at.size(), 2u);
  EXPECT_EQ(handled_at[0], env::kMillisecond);
  EXPECT_EQ(handled_at[1], 300 * env::kMillisecond);
}

}  // namespace
}  // namespace grove::sim
