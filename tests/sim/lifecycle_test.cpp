// Node lifecycle: crash unwinds tasks and loses volatile state and undurable writes; restart
// recovers from disk; pause stops a node while its clock runs on.
#include <gtest/gtest.h>

#include <memory>

#include "sim/scheduler.h"
#include "sim/world.h"
#include "tests/sim/sim_test_util.h"

namespace grove::sim {
namespace {

using testing::add_echo_node;
using testing::add_task_node;

struct DestructorCounter {
  int* count;
  ~DestructorCounter() { ++*count; }
};

TEST(Lifecycle, CrashUnwindsEveryTaskAndRunsDestructors) {
  World world;
  int destroyed = 0;
  int finished_normally = 0;
  const env::NodeId node = add_task_node(world, "n", [&](env::Env& env) {
    for (int i = 0; i < 5; ++i) {
      env.tasks.spawn("sleeper", [&, &env = env] {
        DestructorCounter guard{&destroyed};
        env.clock.sleep(env::kSecond);
        ++finished_normally;
      });
    }
    // A task blocked on a condition that is never notified, holding another guard.
    auto mutex = std::make_shared<env::Mutex>(env.tasks);
    auto condition = std::make_shared<env::CondVar>(env.tasks);
    env.tasks.spawn("waiter", [&, mutex, condition] {
      DestructorCounter guard{&destroyed};
      env::Lock lock(*mutex);
      condition->wait(lock);
      ++finished_normally;
    });
  });
  world.run_for(10 * env::kMillisecond);
  world.crash(node);
  EXPECT_EQ(destroyed, 6);
  world.run_for(2 * env::kSecond);
  EXPECT_EQ(finished_normally, 0);
  EXPECT_EQ(world.scheduler().task_count(), 0u);
  EXPECT_EQ(world.state(node), NodeState::kCrashed);
}

TEST(Lifecycle, DurableWritesSurviveACrashAndUndurableOnesAreLost) {
  WorldOptions options;
  options.disk.min_latency_ns = 1 * env::kMillisecond;
  options.disk.jitter_ns = 0;
  World world(options);
  std::vector<std::string> recovered;
  int runs = 0;
  const env::NodeId node = add_task_node(world, "n", [&](env::Env& env) {
    ++runs;
    recovered.push_back(env.disk.read("state") + "|" + env.disk.read("log"));
    if (runs > 1) return;
    // The two reads complete at 1 and 2 ms.
    env.disk.write_atomic("state", "v1");  // completes at 3 ms
    env.disk.append("log", "a");           // 4 ms
    env.tasks.spawn("late", [&env] {
      env.disk.write_atomic("state", "v2");  // queued: would complete at 5 ms
    });
    env.disk.append("log", "b");  // would complete at 6 ms
  });
  world.run_until(4 * env::kMillisecond + 500 * env::kMicrosecond);
  world.crash(node);
  world.restart(node);
  world.run_for(env::kSecond);
  ASSERT_EQ(recovered.size(), 2u);
  EXPECT_EQ(recovered[0], "|");
  EXPECT_EQ(recovered[1], "v1|a");
  EXPECT_EQ(world.incarnation(node), 1u);
}

TEST(Lifecycle, AWriteAtomicInterruptedByACrashIsAllOrNothing) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    WorldOptions options;
    options.seed = seed;
    options.disk.torn_append_ppm = 1'000'000;  // tearing on: must still not tear a write
    World world(options);
    std::string seen;
    const env::NodeId node = add_task_node(world, "n", [&](env::Env& env) {
      seen = env.disk.read("f");
      if (!seen.empty()) return;
      env.disk.write_atomic("f", "old-contents");
      env.disk.write_atomic("f", "new-contents-longer");
    });
    world.run_until(static_cast<TimeNs>(100'000 + seed * 15'000));
    world.crash(node);
    world.restart(node);
    world.run_for(env::kSecond);
    EXPECT_TRUE(seen == "old-contents" || seen == "new-contents-longer" || seen.empty()) << seen;
  }
}

TEST(Lifecycle, TornAppendLeavesAStrictPrefixOfTheInFlightChunk) {
  WorldOptions options;
  options.disk.torn_append_ppm = 1'000'000;
  options.disk.min_latency_ns = env::kMillisecond;
  options.disk.jitter_ns = 0;
  World world(options);
  std::string seen;
  const env::NodeId node = add_task_node(world, "n", [&](env::Env& env) {
    seen = env.disk.read("log");
    if (!seen.empty()) return;
    env.disk.append("log", "first;");
    env.disk.append("log", "second-chunk;");
  });
  world.run_until(2 * env::kMillisecond + env::kMillisecond / 2);  // mid second append
  world.crash(node);
  world.restart(node);
  world.run_for(env::kSecond);
  ASSERT_GT(seen.size(), std::string("first;").size());
  EXPECT_LT(seen.size(), std::string("first;second-chunk;").size());
  EXPECT_EQ(seen, std::string("first;second-chunk;").substr(0, seen.size()));
}

TEST(Lifecycle, RestartRunsMainAgainAndMessagesToTheOldIncarnationVanish) {
  WorldOptions options;
  options.network.min_delay_ns = 10 * env::kMillisecond;
  options.network.tail_mean_ns = 0;
  World world(options);
  int mains = 0;
  int handled = 0;
  const env::NodeId server = add_task_node(world, "server", [&](env::Env& env) {
    ++mains;
    env.network.serve(1, [&](env::Bytes args) {
      ++handled;
      return args;
    });
  });
  env::CallError first = env::CallError::kNone;
  add_task_node(world, "client", [&](env::Env& env) {
    first = env.network.call(server, 1, "x", 50 * env::kMillisecond).error;
  });
  world.run_for(5 * env::kMillisecond);  // the request is in flight
  world.crash(server);
  world.restart(server);
  world.run_for(env::kSecond);
  EXPECT_EQ(mains, 2);
  EXPECT_EQ(handled, 0);
  EXPECT_EQ(first, env::CallError::kTimeout);
}

TEST(Lifecycle, PausedNodeRunsNothingUntilResumedButItsClockMoves) {
  World world;
  int ticks = 0;
  env::TimeRange before{}, after{};
  const env::NodeId node = add_task_node(world, "n", [&](env::Env& env) {
    before = env.clock.now();
    for (;;) {
      env.clock.sleep(env::kMillisecond);
      ++ticks;
      after = env.clock.now();
    }
  });
  world.run_for(10 * env::kMillisecond + 1);
  EXPECT_EQ(ticks, 10);
  world.pause(node);
  world.run_for(100 * env::kMillisecond);
  EXPECT_EQ(ticks, 10);
  world.resume(node);
  world.run_for(env::kMillisecond / 2);
  EXPECT_EQ(ticks, 11);  // the overdue timer fires once on resume
  EXPECT_GE(after.hi_ns - before.hi_ns, 110 * env::kMillisecond);
}

TEST(Lifecycle, CrashFromInsideATaskTakesEffectAtTheNextStep) {
  World world;
  int after_crash = 0;
  env::NodeId self = 0;
  self = add_task_node(world, "suicidal", [&](env::Env& env) {
    world.crash(self);
    env.clock.sleep(1);
    ++after_crash;
  });
  world.run_for(env::kSecond);
  EXPECT_EQ(world.state(self), NodeState::kCrashed);
  EXPECT_EQ(after_crash, 0);
}

TEST(Lifecycle, LifecycleMisuseIsAClearError) {
  World world;
  const env::NodeId node = add_echo_node(world, "n");
  EXPECT_THROW(world.start(node), std::invalid_argument);    // already running
  EXPECT_THROW(world.restart(node), std::invalid_argument);  // not crashed
  EXPECT_THROW(world.resume(node), std::invalid_argument);   // not paused
  EXPECT_THROW(world.crash(42), std::invalid_argument);      // unknown node
  EXPECT_THROW(world.at(-1, [] {}), std::invalid_argument);  // in the past
  world.crash(node);
  EXPECT_THROW(world.crash(node), std::invalid_argument);
  EXPECT_THROW(world.spawn(node, "t", [] {}), std::invalid_argument);
  EXPECT_THROW(world.add_node("x", nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace grove::sim
