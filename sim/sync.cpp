#include "sim/sync.h"

#include <algorithm>

#include "core/env/check.h"
#include "sim/node.h"
#include "sim/preemption.h"
#include "sim/scheduler.h"
#include "sim/world.h"

namespace grove::sim {

namespace {

void remove_waiter(std::deque<Task*>& waiters, Task* task) {
  auto found = std::find(waiters.begin(), waiters.end(), task);
  if (found != waiters.end()) waiters.erase(found);
}

// Removes the task from a wait queue if it leaves the wait abnormally (its node crashed and
// its stack is being unwound), so the queue never holds a dead task.
struct WaiterGuard {
  std::deque<Task*>& waiters;
  Task* task;
  ~WaiterGuard() { remove_waiter(waiters, task); }
};

}  // namespace

SimMutex::~SimMutex() {
  GROVE_CHECK(waiters_.empty() || node_.crashing, "a mutex is not destroyed while tasks wait");
}

void SimMutex::lock() {
  if (node_.crashing) return;
  node_.world.preemption().at_seam(node_, Seam::kLock);
  acquire();
  node_.world.preemption().at_seam(node_, Seam::kLocked);
}

// No stall here: unlock() runs in lock guards' destructors, and a crash unwinding a task
// stalled inside a noexcept destructor would terminate the process (see sim/preemption.h).
void SimMutex::unlock() { release(); }

void SimMutex::acquire() {
  if (node_.crashing) return;
  Task* self = scheduler_.current();
  GROVE_CHECK(self != nullptr && self->node == &node_, "a node's mutex is locked by its tasks");
  GROVE_CHECK(owner_task_id_ != self->id, "a mutex is not locked again by its owner (not recursive)");
  if (owner_task_id_ == 0) {
    owner_task_id_ = self->id;
    return;
  }
  waiters_.push_back(self);
  WaiterGuard guard{waiters_, self};
  // unlock() hands the mutex straight to the first waiter, so when we wake we own it.
  scheduler_.park();
  GROVE_CHECK(owner_task_id_ == self->id, "a task woken from a mutex's queue owns the mutex");
}

void SimMutex::release() {
  if (node_.crashing) return;
  Task* self = scheduler_.current();
  GROVE_CHECK(owner_task_id_ != 0, "unlock() of a locked mutex");
  GROVE_CHECK(self != nullptr && self->id == owner_task_id_,
              "a mutex is unlocked by the task that locked it");
  if (waiters_.empty()) {
    owner_task_id_ = 0;
    return;
  }
  Task* next = waiters_.front();
  waiters_.pop_front();
  owner_task_id_ = next->id;  // ownership passes straight to `next`
  scheduler_.unpark(*next);
}

bool SimCondVar::wait(env::MutexImpl& mutex, env::DurationNs timeout_ns) {
  if (node_.crashing) return true;
  Task* self = scheduler_.current();
  GROVE_CHECK(self != nullptr && self->node == &node_, "a node's condvar is waited on by its tasks");
  // Every mutex of a simulated node is a SimMutex (NodeEnv::make_mutex).
  auto& sim_mutex = static_cast<SimMutex&>(mutex);
  Preemption& preemption = node_.world.preemption();
  const TimeNs spurious_at = preemption.spurious_wakeup_at(node_);
  waiters_.push_back(self);
  bool timed_out;
  bool spurious = false;
  {
    WaiterGuard guard{waiters_, self};
    sim_mutex.release();
    TimeNs deadline = -1;
    if (timeout_ns >= 0) {
      const DurationNs true_ns =
          node_.world.options().clock.drift_stretches_sleeps ? node_.clock.true_duration(timeout_ns) : timeout_ns;
      deadline = scheduler_.now() + true_ns;
    }
    if (spurious_at >= 0 && (deadline < 0 || spurious_at < deadline)) {
      timed_out = scheduler_.park(spurious_at);
      spurious = timed_out;  // woken by its own early timer, not by a notify
      if (spurious) timed_out = false;
    } else {
      timed_out = scheduler_.park(deadline);
    }
  }
  if (spurious) preemption.record_spurious_wakeup(node_);
  preemption.at_seam(node_, Seam::kWake);
  sim_mutex.acquire();
  return !timed_out;
}

void SimCondVar::notify_one() {
  if (node_.crashing || waiters_.empty()) return;
  Task* next = waiters_.front();
  waiters_.pop_front();
  scheduler_.unpark(*next);
}

void SimCondVar::notify_all() {
  if (node_.crashing) return;
  std::deque<Task*> waking;
  waking.swap(waiters_);
  for (Task* task : waking) scheduler_.unpark(*task);
}

}  // namespace grove::sim
