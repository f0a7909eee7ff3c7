// One simulated task (a goroutine of the Go original): a fiber owned by a node.
#pragma once

#include <boost/context/fiber.hpp>

#include <cstdint>
#include <functional>
#include <string_view>

namespace grove::sim {

class Node;

enum class TaskState : std::uint8_t {
  kReady,     // in the scheduler's ready list (or held there while its node is paused)
  kRunning,   // the one task executing now
  kBlocked,   // parked: waiting for a mutex, condition, timer, reply or disk
  kFinished,  // its body returned; about to be freed
};

struct Task {
  std::uint64_t id = 0;
  Node* node = nullptr;
  std::string_view name;
  TaskState state = TaskState::kReady;
  // The task's suspended context (valid while not running).
  boost::context::fiber fiber;
  // Bumped whenever a wait ends, so stale timer events for an earlier wait are ignored.
  std::uint64_t wait_generation = 0;
  // Set when the last wait ended because its timer fired.
  bool timed_out = false;
  // Being destroyed (its node crashed): its stack unwinds.
  bool unwinding = false;
  // PCT's priority of the task (sim/pct_policy.h); 0 until the policy first sees it.
  std::uint64_t pct_priority = 0;
};

}  // namespace grove::sim
