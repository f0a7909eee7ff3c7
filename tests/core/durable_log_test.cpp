// The replica's durable log under crashes in the simulator (protocol.md §5.1, §5.2): group
// commit, crash recovery with torn tails, the seal record, and the snapshot replacement.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/apps/vkv/vkv_ops.h"
#include "core/apps/vkv/vkv_state_machine.h"
#include "core/vrsm/durable_state_machine.h"
#include "core/vrsm/exactly_once.h"
#include "sim/world.h"
#include "tests/core/cluster_test_util.h"

namespace grove {
namespace {

using vrsm::DurableStateMachine;

std::unique_ptr<vrsm::InMemoryStateMachine> make_sm(env::Env& env) {
  return std::make_unique<vrsm::ExactlyOnceStateMachine>(
      env.ghost, std::make_unique<apps::vkv::VkvStateMachine>());
}

// Op i writes key "k<i>" = "v<i>" (through the exactly-once layer, client 7, seq i + 1).
std::string op(std::uint64_t i) {
  return vrsm::encode_read_write_op(7, i + 1,
                                    apps::vkv::encode_put("k" + std::to_string(i), "v" + std::to_string(i)));
}

std::string read(DurableStateMachine& sm, std::uint64_t i) {
  return sm.apply_readonly(vrsm::encode_read_only_op(apps::vkv::encode_get("k" + std::to_string(i)))).reply;
}

// What the test sees across incarnations of the node.
struct Observed {
  std::uint64_t applied = 0;  // ops applied in memory by the current incarnation's writers
  std::uint64_t durable = 0;  // ops whose durability wait returned
  std::vector<std::uint64_t> recovered_next_index;
  bool content_ok = true;
};

// Two writers apply ops back to back; the group-commit flusher batches their appends.
env::NodeMain writer_node(Observed& observed) {
  return [&observed](env::Env& env) {
    std::shared_ptr<DurableStateMachine> sm = DurableStateMachine::recover(env, "log", make_sm(env));
    std::uint64_t recovered = sm->next_index();
    observed.recovered_next_index.push_back(recovered);
    // Recovery keeps every op acknowledged as durable, and invents nothing.
    observed.content_ok = observed.content_ok && recovered >= observed.durable &&
                          recovered <= observed.applied;
    for (std::uint64_t i = 0; i < recovered; ++i) observed.content_ok &= read(*sm, i) == "v" + std::to_string(i);
    observed.content_ok &= read(*sm, recovered).empty();
    observed.applied = observed.durable = recovered;
    auto mutex = std::make_shared<env::Mutex>(env.tasks);
    for (int writer = 0; writer < 2; ++writer) {
      env.tasks.spawn("writer", [&env, &observed, sm, mutex] {
        for (;;) {
          env::Lock lock(*mutex);  // the state machine is driven under one lock, like the replica
          std::uint64_t index = sm->next_index();
          DurableStateMachine::Applied applied = sm->start_apply(op(index));
          observed.applied = index + 1;
          lock.unlock();
          applied.durable.wait();
          observed.durable = std::max(observed.durable, index + 1);
          env.clock.sleep(env.random.below(200 * env::kMicrosecond));
        }
      });
    }
  };
}

TEST(DurableLog, CrashesWithTornAppendsLoseNothingAcknowledged) {
  sim::WorldOptions options = testing::world_options(17);
  options.disk.torn_append_ppm = 1'000'000;  // every in-flight append is torn at a crash
  sim::World world(options);
  Observed observed;
  env::NodeId node = world.add_node("replica", writer_node(observed));
  world.start(node);
  for (int round = 0; round < 40; ++round) {
    world.run_for(static_cast<env::DurationNs>(1 + (round * 7919) % 5000) * env::kMicrosecond);
    world.crash(node);
    world.run_for(env::kMillisecond);
    world.restart(node);
  }
  world.run_for(10 * env::kMillisecond);
  EXPECT_TRUE(observed.content_ok);
  // Some crashes hit the recovery itself (before it reports), which is part of the test.
  EXPECT_GT(observed.recovered_next_index.size(), 20u);
  EXPECT_GT(observed.durable, 100u);
  std::uint64_t torn = 0;
  for (const auto& [name, count] : world.coverage()) {
    if (name == "storage_torn_tail_dropped") torn = count;
  }
  EXPECT_GT(torn, 0u) << "no crash tore an append: the test did not exercise torn tails";
}

// Group commit: concurrent appenders share disk appends.
class CountingDisk : public env::Disk {
 public:
  explicit CountingDisk(env::Disk& inner, env::DurationNs group_commit_delay_ns = 0)
      : inner_(inner), group_commit_delay_ns_(group_commit_delay_ns) {}
  env::DurationNs group_commit_delay_ns() override { return group_commit_delay_ns_; }
  env::Bytes read(std::string_view name) override { return inner_.read(name); }
  void write_atomic(std::string_view name, std::string_view data) override {
    inner_.write_atomic(name, data);
  }
  void append(std::string_view name, std::string_view data) override {
    ++appends;
    inner_.append(name, data);
  }
  int appends = 0;

 private:
  env::Disk& inner_;
  env::DurationNs group_commit_delay_ns_;
};

// `writers` tasks, each appending `rounds` records of 10 bytes one after the other (append, then
// wait until durable: a closed loop, as clients waiting for their puts), over a disk with the
// given commit delay. Returns how many durable appends reached the disk; checks that every wait
// returned and every byte is in the file.
struct CommitRun {
  int disk_appends = 0;
  env::DurationNs last_wait_returned_ns = 0;
};
CommitRun run_writers(int writers, int rounds, env::DurationNs group_commit_delay_ns) {
  sim::World world(testing::world_options(3));
  int waits_returned = 0;
  CommitRun result;
  std::unique_ptr<CountingDisk> counting;
  std::unique_ptr<env::Env> wrapped;
  env::NodeId node = world.add_node("n", [&](env::Env& env) {
    counting = std::make_unique<CountingDisk>(env.disk, group_commit_delay_ns);
    wrapped = std::make_unique<env::Env>(env::Env{env.self, env.clock, env.tasks, env.network,
                                                  *counting, env.random, env.ghost, env.bugs});
    auto file = storage::AppendOnlyFile::open(*wrapped, "aof");
    for (int task = 0; task < writers; ++task) {
      wrapped->tasks.spawn("writer", [&, file, rounds] {
        for (int round = 0; round < rounds; ++round) {
          file->wait_append(file->append("0123456789"));
          ++waits_returned;
          result.last_wait_returned_ns = wrapped->clock.now().lo_ns;
        }
      });
    }
  });
  world.start(node);
  world.run_for(10 * env::kSecond);
  EXPECT_EQ(waits_returned, writers * rounds);
  std::size_t file_size = 0;
  world.spawn(node, "reader", [&] { file_size = world.env(node).disk.read("aof").size(); });
  world.run_for(env::kMillisecond);
  EXPECT_EQ(file_size, static_cast<std::size_t>(writers * rounds * 10));
  result.disk_appends = counting->appends;
  return result;
}

TEST(DurableLog, GroupCommitBatchesConcurrentAppends) {
  // 20 appenders at once (run_writers checks that every wait returns and every byte lands).
  const CommitRun run = run_writers(20, 1, 0);
  EXPECT_LT(run.disk_appends, 20);
  EXPECT_GE(run.disk_appends, 1);
}

TEST(DurableLog, CommitDelayGathersConcurrentWritersIntoFewerDiskAppends) {
  const CommitRun at_once = run_writers(12, 20, 0);
  const CommitRun delayed = run_writers(12, 20, 2 * env::kMillisecond);
  // Without a delay the flusher takes whatever is buffered the moment it is free; with one it
  // waits for as many writers as the last batch had.
  EXPECT_LT(delayed.disk_appends * 3, at_once.disk_appends * 2)
      << "delayed " << delayed.disk_appends << " vs at once " << at_once.disk_appends;
}

TEST(DurableLog, CommitDelayNeverHoldsALoneWriter) {
  // One writer: every batch holds one append, so a delay (here far longer than the whole run
  // without it) never applies.
  const CommitRun lone = run_writers(1, 20, 10 * env::kSecond);
  EXPECT_EQ(lone.disk_appends, 20);
  EXPECT_LT(lone.last_wait_returned_ns, env::kSecond);
}

TEST(DurableLog, SealAndSnapshotSurviveCrashes) {
  sim::World world(testing::world_options(5));
  int incarnation = 0;
  std::vector<std::string> seen;
  env::NodeId node = world.add_node("n", [&](env::Env& env) {
    std::unique_ptr<DurableStateMachine> sm = DurableStateMachine::recover(env, "log", make_sm(env));
    seen.push_back("epoch=" + std::to_string(sm->epoch()) + " next=" + std::to_string(sm->next_index()) +
                   " sealed=" + std::to_string(sm->sealed()));
    if (incarnation == 0) {
      sm->start_apply(op(0)).durable.wait();
      sm->start_apply(op(1)).durable.wait();
      sm->get_state_and_seal();  // durable when it returns
    } else if (incarnation == 1) {
      EXPECT_EQ(read(*sm, 1), "v1");
      std::string snapshot = sm->get_state_and_seal();  // idempotent
      ASSERT_TRUE(sm->set_state_and_unseal(snapshot, 2, 5));
      EXPECT_FALSE(sm->set_state_and_unseal("garbage", 9, 9));
      sm->start_apply(op(2)).durable.wait();
    } else {
      EXPECT_EQ(read(*sm, 0), "v0");
      EXPECT_EQ(read(*sm, 2), "v2");
    }
    ++incarnation;
  });
  world.start(node);
  for (int i = 0; i < 2; ++i) {
    world.run_for(10 * env::kMillisecond);
    world.crash(node);
    world.restart(node);
  }
  world.run_for(10 * env::kMillisecond);
  std::vector<std::string> expected = {"epoch=0 next=0 sealed=0", "epoch=0 next=2 sealed=1",
                                       "epoch=5 next=3 sealed=0"};
  EXPECT_EQ(seen, expected);
}

}  // namespace
}  // namespace grove
