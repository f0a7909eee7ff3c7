// Preemption: a seam call may hold its task for a drawn virtual time while other tasks run (so
// "check, then act" races become visible), and condition-variable waits may wake spuriously.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "sim/preemption.h"
#include "sim/world.h"
#include "tests/sim/sim_test_util.h"

namespace grove::sim {
namespace {

using testing::add_task_node;

WorldOptions always_stall(DurationNs delay_ns) {
  WorldOptions options;
  options.preemption.stall_ppm = 1'000'000;
  options.preemption.min_delay_ns = delay_ns;
  options.preemption.max_delay_ns = delay_ns;
  return options;
}

TEST(Preemption, AClockReadStallsItsTaskAndTimeMovesOn) {
  World world(always_stall(5 * env::kMillisecond));
  int stalls = 0;
  world.trace().observe([&](const traces::TraceEvent& event) {
    if (event.kind == traces::TraceKind::kPreempt && event.label == "clock") ++stalls;
  });
  std::vector<TimeNs> read_at;
  add_task_node(world, "n", [&](env::Env& env) {
    env.clock.now();
    read_at.push_back(world.now());
    env.clock.now();
    read_at.push_back(world.now());
  });
  world.run_for(env::kSecond);
  ASSERT_EQ(read_at.size(), 2u);
  EXPECT_EQ(read_at[0], 5 * env::kMillisecond);
  EXPECT_EQ(read_at[1], 10 * env::kMillisecond);
  EXPECT_EQ(stalls, 2);
  EXPECT_EQ(world.preemption().stalls(), 2u);
}

TEST(Preemption, WithoutItNothingRunsBetweenTwoNonBlockingSteps) {
  World world;  // no preemption: a clock read is not a scheduling point
  TimeNs read_at = -1;
  add_task_node(world, "n", [&](env::Env& env) {
    env.clock.now();
    read_at = world.now();
  });
  world.run_for(env::kSecond);
  EXPECT_EQ(read_at, 0);
  EXPECT_EQ(world.preemption().stalls(), 0u);
}

// Two tasks increment a counter with a clock read between their read and their write (an
// unlocked "check, then act"). Without preemption each runs to completion; with it they
// interleave and one update is lost: the race is now visible.
int racy_increments(WorldOptions options) {
  World world(options);
  auto counter = std::make_shared<int>(0);
  add_task_node(world, "n", [counter](env::Env& env) {
    for (int i = 0; i < 2; ++i) {
      env.tasks.spawn("incrementer", [counter, &env] {
        const int seen = *counter;
        env.clock.now();
        *counter = seen + 1;
      });
    }
  });
  world.run_for(env::kSecond);
  return *counter;
}

TEST(Preemption, ACheckThenActRaceLosesAnUpdate) {
  EXPECT_EQ(racy_increments(WorldOptions{}), 2);
  EXPECT_EQ(racy_increments(always_stall(env::kMillisecond)), 1);
}

TEST(Preemption, LockStallsBeforeAndAfterTakingTheMutexAndKeepsMutualExclusion) {
  World world(always_stall(env::kMillisecond));
  auto inside = std::make_shared<int>(0);
  auto most_inside = std::make_shared<int>(0);
  auto done = std::make_shared<int>(0);
  add_task_node(world, "n", [=](env::Env& env) {
    auto mutex = std::make_shared<env::Mutex>(env.tasks);
    for (int i = 0; i < 3; ++i) {
      env.tasks.spawn("worker", [=, &env] {
        env::Lock lock(*mutex);
        *most_inside = std::max(*most_inside, ++*inside);
        env.clock.now();  // stalls while holding the mutex
        --*inside;
        ++*done;
      });
    }
  });
  world.run_for(env::kSecond);
  EXPECT_EQ(*done, 3);
  EXPECT_EQ(*most_inside, 1);
  EXPECT_GE(world.preemption().stalls(), 9u);  // before and after the lock, the clock read
}

TEST(Preemption, ASpuriousWakeUpReturnsWithoutANotify) {
  WorldOptions options;
  options.preemption.spurious_wakeup_ppm = 1'000'000;
  options.preemption.max_delay_ns = 2 * env::kMillisecond;
  World world(options);
  int spurious = 0;
  world.trace().observe([&](const traces::TraceEvent& event) {
    if (event.kind == traces::TraceKind::kPreempt && event.label == "spurious_wakeup") ++spurious;
  });
  bool woke_unnotified = false;
  bool predicate_wait_returned = false;
  add_task_node(world, "n", [&](env::Env& env) {
    auto mutex = std::make_shared<env::Mutex>(env.tasks);
    auto condition = std::make_shared<env::CondVar>(env.tasks);
    auto ready = std::make_shared<bool>(false);
    env.tasks.spawn("bare_waiter", [&, mutex, condition] {
      env::Lock lock(*mutex);
      condition->wait(lock);  // nobody notifies before 100 ms
      woke_unnotified = world.now() < 100 * env::kMillisecond;
    });
    env.tasks.spawn("looping_waiter", [&, mutex, condition, ready] {
      env::Lock lock(*mutex);
      condition->wait(lock, [&] { return *ready; });  // re-checks: only the notify ends it
      predicate_wait_returned = true;
      EXPECT_GE(world.now(), 100 * env::kMillisecond);
    });
    env.tasks.spawn("notifier", [&env, mutex, condition, ready] {
      env.clock.sleep(100 * env::kMillisecond);
      env::Lock lock(*mutex);
      *ready = true;
      condition->notify_all();
    });
  });
  world.run_for(env::kSecond);
  EXPECT_TRUE(woke_unnotified);
  EXPECT_TRUE(predicate_wait_returned);
  EXPECT_GE(spurious, 2);
}

TEST(Preemption, AStalledTaskIsUnwoundByACrash) {
  World world(always_stall(100 * env::kMillisecond));
  bool finished = false;
  const env::NodeId node = add_task_node(world, "n", [&](env::Env& env) {
    env.clock.now();
    finished = true;
  });
  world.run_for(10 * env::kMillisecond);
  world.crash(node);
  world.run_for(env::kSecond);
  EXPECT_FALSE(finished);
}

}  // namespace
}  // namespace grove::sim
