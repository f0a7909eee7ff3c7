// RPC over the simulated network: delivery, timeouts in virtual time, duplicates, crashes.
#include <gtest/gtest.h>

#include <vector>

#include "sim/network_model.h"
#include "sim/world.h"
#include "tests/sim/sim_test_util.h"

namespace grove::sim {
namespace {

using testing::add_echo_node;
using testing::add_task_node;

WorldOptions fixed_delay(DurationNs delay_ns) {
  WorldOptions options;
  options.network.min_delay_ns = delay_ns;
  options.network.tail_mean_ns = 0;
  return options;
}

TEST(Rpc, CallReturnsTheHandlersReplyAfterTwoDelays) {
  World world(fixed_delay(1'000));
  const env::NodeId echo = add_echo_node(world, "echo");
  env::CallResult result;
  TimeNs returned_at = -1;
  add_task_node(world, "client", [&](env::Env& env) {
    result = env.network.call(echo, 1, "hello", env::kSecond);
    returned_at = world.now();
  });
  world.run_for(env::kSecond);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.reply, "hello");
  EXPECT_EQ(returned_at, 2'000);  // request + reply, 1 µs each
}

TEST(Rpc, TimeoutFiresAtExactlyTheTimeoutWhenThePeerIsDown) {
  World world(fixed_delay(1'000));
  const env::NodeId echo = add_echo_node(world, "echo");
  env::CallResult result;
  TimeNs returned_at = -1;
  world.run_for(10);
  world.crash(echo);
  add_task_node(world, "client", [&](env::Env& env) {
    const TimeNs start = world.now();
    result = env.network.call(echo, 1, "x", 250 * env::kMillisecond);
    returned_at = world.now() - start;
  });
  world.run_for(env::kSecond);
  EXPECT_EQ(result.error, env::CallError::kTimeout);
  EXPECT_EQ(returned_at, 250 * env::kMillisecond);
}

TEST(Rpc, SlowHandlerTimesOutAndItsLateReplyIsIgnored) {
  World world(fixed_delay(1'000));
  int handled = 0;
  const env::NodeId slow = add_task_node(world, "slow", [&](env::Env& env) {
    env.network.serve(1, [&](env::Bytes args) {
      env.clock.sleep(100 * env::kMillisecond);
      ++handled;
      return args;
    });
  });
  std::vector<env::CallError> errors;
  add_task_node(world, "client", [&](env::Env& env) {
    errors.push_back(env.network.call(slow, 1, "a", 10 * env::kMillisecond).error);
    // The late reply to the first call must not complete this second call.
    env::CallResult second = env.network.call(slow, 1, "b", env::kSecond);
    errors.push_back(second.error);
    EXPECT_EQ(second.reply, "b");
  });
  world.run_for(env::kSecond);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], env::CallError::kTimeout);
  EXPECT_EQ(errors[1], env::CallError::kNone);
  EXPECT_EQ(handled, 2);
}

TEST(Rpc, DuplicatedRequestsRunTheHandlerAgain) {
  WorldOptions options = fixed_delay(1'000);
  options.network.duplicate_ppm = 1'000'000;  // every message is duplicated
  World world(options);
  int handled = 0;
  const env::NodeId counter = add_task_node(world, "counter", [&](env::Env& env) {
    env.network.serve(1, [&](env::Bytes args) {
      ++handled;
      return args;
    });
  });
  int replies = 0;
  add_task_node(world, "client", [&](env::Env& env) {
    for (int i = 0; i < 10; ++i) replies += env.network.call(counter, 1, "x", env::kSecond).ok();
  });
  world.run_for(env::kSecond);
  EXPECT_EQ(replies, 10);
  EXPECT_EQ(handled, 20);
}

TEST(Rpc, RequestsToAMethodNobodyServesTimeOut) {
  World world(fixed_delay(1'000));
  const env::NodeId echo = add_echo_node(world, "echo");
  env::CallError error = env::CallError::kNone;
  add_task_node(world, "client", [&](env::Env& env) {
    error = env.network.call(echo, 99, "x", 5 * env::kMillisecond).error;
  });
  world.run_for(env::kSecond);
  EXPECT_EQ(error, env::CallError::kTimeout);
}

TEST(Rpc, BadCallsAreClearErrors) {
  World world(fixed_delay(1'000));
  add_echo_node(world, "echo");
  std::string unknown_peer, bad_timeout;
  add_task_node(world, "client", [&](env::Env& env) {
    try {
      env.network.call(17, 1, "x", env::kSecond);
    } catch (const std::invalid_argument& error) {
      unknown_peer = error.what();
    }
    try {
      env.network.call(0, 1, "x", -5);
    } catch (const std::invalid_argument& error) {
      bad_timeout = error.what();
    }
  });
  world.run_for(env::kSecond);
  EXPECT_NE(unknown_peer.find("unknown node 17"), std::string::npos) << unknown_peer;
  EXPECT_NE(bad_timeout.find("timeout must be positive"), std::string::npos) << bad_timeout;
}

TEST(Rpc, AnExceptionEscapingATaskSurfacesFromRun) {
  World world;
  add_task_node(world, "thrower", [](env::Env&) { throw std::runtime_error("boom"); });
  EXPECT_THROW(world.run_for(env::kSecond), std::runtime_error);
}

TEST(Rpc, CallingAnotherNodesEnvIsRejected) {
  World world;
  const env::NodeId a = add_echo_node(world, "a");
  add_task_node(world, "b", [&](env::Env&) { world.env(a).clock.sleep(1); });
  EXPECT_THROW(world.run_for(env::kSecond), std::logic_error);
}

}  // namespace
}  // namespace grove::sim
