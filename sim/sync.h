// Mutex and condition variable for simulated tasks.
//
// Both hand over in FIFO order. While the owning node crashes (its tasks unwinding), every
// operation is a no-op: the state they protect is being destroyed, and unwinding code may not
// block.
//
// lock() is a seam call: under preemption (sim/preemption.h) the task may stall before taking
// the mutex and right after (holding it); unlock() never stalls (it runs in destructors). A condition-variable wait releases and re-takes the
// mutex without those stalls (a stall between queueing as a waiter and parking would lose a
// notify), stalls once after waking instead, and may wake spuriously. Timeouts run on the
// node's clock (stretched by its drift).
#pragma once

#include <cstdint>
#include <deque>

#include "core/env/tasks.h"

namespace grove::sim {

class Scheduler;
class Node;
struct Task;

class SimMutex final : public env::MutexImpl {
 public:
  SimMutex(Scheduler& scheduler, Node& node) : scheduler_(scheduler), node_(node) {}
  ~SimMutex() override;
  void lock() override;
  void unlock() override;
  // lock() / unlock() without the preemption seam (for condition variables).
  void acquire();
  void release();

 private:
  Scheduler& scheduler_;
  Node& node_;
  // Id of the task holding the mutex, 0 when unlocked (task ids start at 1 and are never
  // reused, so a stale owner cannot be mistaken for a new task).
  std::uint64_t owner_task_id_ = 0;
  std::deque<Task*> waiters_;
};

class SimCondVar final : public env::CondVarImpl {
 public:
  SimCondVar(Scheduler& scheduler, Node& node) : scheduler_(scheduler), node_(node) {}
  bool wait(env::MutexImpl& mutex, env::DurationNs timeout_ns) override;
  void notify_one() override;
  void notify_all() override;

 private:
  Scheduler& scheduler_;
  Node& node_;
  std::deque<Task*> waiters_;
};

}  // namespace grove::sim
