// env::Mutex and env::CondVar for tasks of one EventLoop (the runtime twin of sim/sync.h).
#pragma once

#include <cstdint>
#include <deque>

#include "core/env/tasks.h"
#include "runtime/event_loop.h"

namespace grove::runtime {

// FIFO hand-off: unlock() passes the mutex to the oldest waiter, so no waiter starves.
class FiberMutex final : public env::MutexImpl {
 public:
  explicit FiberMutex(EventLoop& loop) : loop_(loop) {}
  void lock() override;
  void unlock() override;

 private:
  EventLoop& loop_;
  std::uint64_t owner_ = 0;  // task id, 0 when free
  std::deque<std::uint64_t> waiters_;
};

class FiberCondVar final : public env::CondVarImpl {
 public:
  explicit FiberCondVar(EventLoop& loop) : loop_(loop) {}
  bool wait(env::MutexImpl& mutex, env::DurationNs timeout_ns) override;
  void notify_one() override;
  void notify_all() override;

 private:
  EventLoop& loop_;
  std::deque<std::uint64_t> waiters_;
};

}  // namespace grove::runtime
