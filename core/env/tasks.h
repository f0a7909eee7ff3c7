// Tasks, mutexes and condition variables (the seam for Go's goroutines and sync package).
//
// Protocol code is written in blocking style: every blocking call below is a scheduling point
// where another task may run. Nothing here is reentrant: a Mutex is not recursive.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

#include "core/env/types.h"

namespace grove::env {

class MutexImpl {
 public:
  virtual ~MutexImpl() = default;
  virtual void lock() = 0;
  virtual void unlock() = 0;
};

class Mutex;

class CondVarImpl {
 public:
  virtual ~CondVarImpl() = default;
  // Atomically releases `mutex` (held by the caller) and blocks; reacquires before returning.
  // Returns false iff `timeout_ns` (>= 0, or < 0 for no timeout) elapsed without a notify.
  // May return without a notify (a spurious wake-up; the simulator injects them under its
  // preemption fault), so callers re-check their predicate in a loop.
  virtual bool wait(MutexImpl& mutex, DurationNs timeout_ns) = 0;
  virtual void notify_one() = 0;
  virtual void notify_all() = 0;
};

class Tasks {
 public:
  virtual ~Tasks() = default;

  // Starts `body` as a new task of this node. It runs concurrently with the caller (it starts at
  // a later scheduling point). `name` is for traces and must outlive the task (a literal).
  virtual void spawn(std::string_view name, std::function<void()> body) = 0;

  // Gives other ready tasks a chance to run. A scheduling point.
  virtual void yield() = 0;

  virtual std::unique_ptr<MutexImpl> make_mutex() = 0;
  virtual std::unique_ptr<CondVarImpl> make_condvar() = 0;
};

// A mutex owned by protocol state. BasicLockable, so std::lock_guard / std::unique_lock work.
class Mutex {
 public:
  explicit Mutex(Tasks& tasks) : impl_(tasks.make_mutex()) {}
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() { impl_->lock(); }
  void unlock() { impl_->unlock(); }
  MutexImpl& impl() { return *impl_; }

 private:
  std::unique_ptr<MutexImpl> impl_;
};

using Lock = std::unique_lock<Mutex>;

class CondVar {
 public:
  explicit CondVar(Tasks& tasks) : impl_(tasks.make_condvar()) {}
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  void wait(Lock& lock) { impl_->wait(lock.mutex()->impl(), -1); }

  // Returns false on timeout.
  bool wait_for(Lock& lock, DurationNs timeout_ns) {
    return impl_->wait(lock.mutex()->impl(), timeout_ns < 0 ? 0 : timeout_ns);
  }

  template <class Predicate>
  void wait(Lock& lock, Predicate done) {
    while (!done()) wait(lock);
  }

  void notify_one() { impl_->notify_one(); }
  void notify_all() { impl_->notify_all(); }

 private:
  std::unique_ptr<CondVarImpl> impl_;
};

}  // namespace grove::env
