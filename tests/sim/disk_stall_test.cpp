// Disk stalls: an occasional write or append takes tens to hundreds of milliseconds more (an
// fsync stuck behind the device queue); the node's later operations queue behind it, in order.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/node.h"
#include "sim/world.h"
#include "tests/sim/sim_test_util.h"

namespace grove::sim {
namespace {

using testing::add_task_node;

WorldOptions disk(std::uint32_t stall_ppm) {
  WorldOptions options;
  options.disk.min_latency_ns = env::kMillisecond;
  options.disk.jitter_ns = 0;
  options.disk.stall_ppm = stall_ppm;
  options.disk.stall_min_ns = 200 * env::kMillisecond;
  options.disk.stall_max_ns = 200 * env::kMillisecond;
  return options;
}

// Two tasks append one record each, the first a moment before the second; returns when each
// append returned.
std::vector<TimeNs> two_appends(std::uint32_t stall_ppm, std::string* file) {
  World world(disk(stall_ppm));
  std::vector<TimeNs> returned_at(2, -1);
  const env::NodeId node = add_task_node(world, "n", [&](env::Env& env) {
    env.tasks.spawn("first", [&] {
      env.disk.append("log", "a");
      returned_at[0] = world.now();
    });
    env.tasks.spawn("second", [&] {
      env.clock.sleep(1);
      env.disk.append("log", "b");
      returned_at[1] = world.now();
    });
  });
  world.run_for(env::kSecond);
  *file = world.node(node).disk.read("log");
  return returned_at;
}

TEST(DiskStall, AStallDelaysAnAppendAndEveryLaterOneQueuesBehindIt) {
  std::string file;
  const std::vector<TimeNs> fast = two_appends(0, &file);
  EXPECT_EQ(fast[0], env::kMillisecond);
  EXPECT_EQ(fast[1], 2 * env::kMillisecond);
  EXPECT_EQ(file, "ab");
  const std::vector<TimeNs> stalled = two_appends(1'000'000, &file);
  EXPECT_EQ(stalled[0], 201 * env::kMillisecond);
  EXPECT_EQ(stalled[1], 402 * env::kMillisecond);  // stalled too, and after the first
  EXPECT_EQ(file, "ab");                            // FIFO order kept
}

TEST(DiskStall, ACrashDuringAStallLosesTheStalledAppend) {
  World world(disk(1'000'000));
  const env::NodeId node = add_task_node(world, "n", [](env::Env& env) { env.disk.append("log", "a"); });
  world.run_for(100 * env::kMillisecond);
  world.crash(node);
  EXPECT_EQ(world.node(node).disk.read("log"), "");  // never became durable
}

}  // namespace
}  // namespace grove::sim
