// Mutex and condition variable semantics under the simulated scheduler.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "sim/invariant_failure.h"
#include "sim/scheduler.h"
#include "sim/world.h"
#include "tests/sim/sim_test_util.h"

namespace grove::sim {
namespace {

using testing::add_task_node;

TEST(Sync, MutexGivesMutualExclusionAcrossBlockingSections) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    WorldOptions options;
    options.seed = seed;
    World world(options);
    int inside = 0, max_inside = 0, entries = 0;
    add_task_node(world, "n", [&](env::Env& env) {
      auto mutex = std::make_shared<env::Mutex>(env.tasks);
      for (int t = 0; t < 8; ++t) {
        env.tasks.spawn("worker", [&, mutex, &env = env] {
          for (int i = 0; i < 5; ++i) {
            env::Lock lock(*mutex);
            ++inside;
            ++entries;
            max_inside = std::max(max_inside, inside);
            env.tasks.yield();
            env.clock.sleep(static_cast<DurationNs>(env.random.below(1000)));
            --inside;
          }
        });
      }
    });
    world.run_for(env::kSecond);
    EXPECT_EQ(max_inside, 1);
    EXPECT_EQ(entries, 40);
  }
}

TEST(Sync, CondVarWaitForTimesOutAtTheDeadlineAndNotifyWakes) {
  World world;
  std::vector<std::pair<bool, TimeNs>> waits;
  add_task_node(world, "n", [&](env::Env& env) {
    auto mutex = std::make_shared<env::Mutex>(env.tasks);
    auto condition = std::make_shared<env::CondVar>(env.tasks);
    env.tasks.spawn("notifier", [&env, mutex, condition] {
      env.clock.sleep(30 * env::kMillisecond);
      env::Lock lock(*mutex);
      condition->notify_all();
    });
    env::Lock lock(*mutex);
    const TimeNs start = world.now();
    const bool first = condition->wait_for(lock, 10 * env::kMillisecond);
    waits.push_back({first, world.now() - start});
    const bool second = condition->wait_for(lock, 100 * env::kMillisecond);
    waits.push_back({second, world.now() - start});
  });
  world.run_for(env::kSecond);
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_FALSE(waits[0].first);
  EXPECT_EQ(waits[0].second, 10 * env::kMillisecond);
  EXPECT_TRUE(waits[1].first);
  EXPECT_EQ(waits[1].second, 30 * env::kMillisecond);
}

TEST(Sync, NotifyOneWakesExactlyOneWaiterPerCall) {
  World world;
  std::vector<int> woke;
  add_task_node(world, "n", [&](env::Env& env) {
    auto mutex = std::make_shared<env::Mutex>(env.tasks);
    auto condition = std::make_shared<env::CondVar>(env.tasks);
    for (int i = 0; i < 3; ++i) {
      env.tasks.spawn("waiter", [&, i, mutex, condition] {
        env::Lock lock(*mutex);
        condition->wait(lock);
        woke.push_back(i);
      });
    }
    env.clock.sleep(env::kMillisecond);
    for (int i = 0; i < 2; ++i) {
      env::Lock lock(*mutex);
      condition->notify_one();
    }
  });
  world.run_for(env::kSecond);
  EXPECT_EQ(woke.size(), 2u);
}

TEST(Sync, SleepIsExactInVirtualTimeAndNegativeSleepIsRejected) {
  World world;
  TimeNs woke_at = -1;
  std::string error;
  add_task_node(world, "n", [&](env::Env& env) {
    env.clock.sleep(1234);
    woke_at = world.now();
    try {
      env.clock.sleep(-1);
    } catch (const std::invalid_argument& e) {
      error = e.what();
    }
  });
  world.run_for(env::kSecond);
  EXPECT_EQ(woke_at, 1234);
  EXPECT_NE(error.find("negative"), std::string::npos);
}

}  // namespace
}  // namespace grove::sim

namespace grove::sim {
namespace {

TEST(Sync, TwoTasksHandABatonBackAndForth) {
  World world;
  std::int64_t final_turn = -1;
  testing::add_task_node(world, "n", [&](env::Env& env) {
    struct Baton {
      explicit Baton(env::Tasks& tasks) : mutex(tasks), changed(tasks) {}
      env::Mutex mutex;
      env::CondVar changed;
      std::int64_t turn = 0;
    };
    auto baton = std::make_shared<Baton>(env.tasks);
    for (int player = 0; player < 2; ++player) {
      env.tasks.spawn("player", [&, baton, player] {
        env::Lock lock(baton->mutex);
        while (baton->turn < 1000) {
          while (baton->turn % 2 != player) baton->changed.wait(lock);
          ++baton->turn;
          baton->changed.notify_one();
        }
        final_turn = baton->turn;
      });
    }
  });
  world.run_for(env::kSecond);
  EXPECT_GE(final_turn, 1000);
  EXPECT_EQ(world.scheduler().task_count(), 0u);
}

// The owner assertions: a mutex is unlocked only by the task holding it (a hand-over to a
// waiter makes the waiter the holder), and is not locked twice by one task.
TEST(Sync, MutexIsUnlockedOnlyByItsOwner) {
  ThrowOnInvariantFailure throwing;
  World world;
  bool handed_over = false;
  testing::add_task_node(world, "n", [&](env::Env& env) {
    auto mutex = std::make_shared<env::Mutex>(env.tasks);
    mutex->lock();
    env.tasks.spawn("waiter", [&, mutex] {
      mutex->lock();  // handed over by main's unlock below
      handed_over = true;
      mutex->unlock();
    });
    env.tasks.yield();
    mutex->unlock();
    env.clock.sleep(env::kMillisecond);
    // Now held by nobody; another task takes it, and main must not release it.
    env.tasks.spawn("holder", [mutex] { mutex->lock(); });
    env.clock.sleep(env::kMillisecond);
    mutex->unlock();
  });
  try {
    world.run_for(env::kSecond);
    ADD_FAILURE() << "unlock by a task that does not hold the mutex went unnoticed";
  } catch (const InvariantFailure& failure) {
    EXPECT_NE(std::string(failure.what()).find("unlocked by the task that locked it"),
              std::string::npos)
        << failure.what();
  }
  EXPECT_TRUE(handed_over);
}

TEST(Sync, MutexIsNotRecursive) {
  ThrowOnInvariantFailure throwing;
  World world;
  testing::add_task_node(world, "n", [&](env::Env& env) {
    env::Mutex mutex(env.tasks);
    env::Lock lock(mutex);
    mutex.lock();
  });
  EXPECT_THROW(world.run_for(env::kSecond), InvariantFailure);
}

}  // namespace
}  // namespace grove::sim
