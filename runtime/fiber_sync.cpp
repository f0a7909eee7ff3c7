#include "runtime/fiber_sync.h"

#include <algorithm>

#include "core/env/check.h"

namespace grove::runtime {

void FiberMutex::lock() {
  LoopTask* self = loop_.current();
  GROVE_CHECK(self != nullptr, "a mutex is locked from a task");
  GROVE_CHECK(owner_ != self->id, "env::Mutex is not recursive");
  if (owner_ == 0) {
    owner_ = self->id;
    return;
  }
  waiters_.push_back(self->id);
  // Woken only by unlock()'s hand-off, which made this task the owner.
  while (owner_ != self->id) loop_.park();
}

void FiberMutex::unlock() {
  LoopTask* self = loop_.current();
  GROVE_CHECK(self != nullptr && owner_ == self->id, "a mutex is unlocked by its owner");
  owner_ = 0;
  while (!waiters_.empty()) {
    const std::uint64_t next = waiters_.front();
    waiters_.pop_front();
    if (LoopTask* task = loop_.find(next)) {
      owner_ = next;
      loop_.unpark(*task);
      return;
    }
  }
}

bool FiberCondVar::wait(env::MutexImpl& mutex, env::DurationNs timeout_ns) {
  LoopTask* self = loop_.current();
  GROVE_CHECK(self != nullptr, "a condition is waited on from a task");
  waiters_.push_back(self->id);
  mutex.unlock();
  const bool timed_out = loop_.park(timeout_ns < 0 ? -1 : monotonic_now_ns() + timeout_ns);
  if (timed_out) {
    auto found = std::find(waiters_.begin(), waiters_.end(), self->id);
    if (found != waiters_.end()) waiters_.erase(found);
  }
  mutex.lock();
  return !timed_out;
}

void FiberCondVar::notify_one() {
  while (!waiters_.empty()) {
    const std::uint64_t next = waiters_.front();
    waiters_.pop_front();
    if (LoopTask* task = loop_.find(next)) {
      loop_.unpark(*task);
      return;
    }
  }
}

void FiberCondVar::notify_all() {
  std::deque<std::uint64_t> waiters;
  waiters.swap(waiters_);
  for (std::uint64_t id : waiters) {
    if (LoopTask* task = loop_.find(id)) loop_.unpark(*task);
  }
}

}  // namespace grove::runtime
