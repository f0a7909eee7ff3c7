// One process's scheduler for real runs: many fibers on one OS thread, driven by epoll.
//
// The runtime twin of sim/scheduler.h: protocol tasks are Boost.Context fibers that block in
// plain style (park until unparked, a deadline, or a file descriptor is ready), but time is the
// OS's monotonic clock and the next task is simply the oldest ready one. Every task switches
// only to the loop's own context and back, so a task's continuation lives in its Task.
//
// Single-threaded: every method except post_from_thread() must be called on the loop's thread;
// park(), yield() and wait_fd() only from a task.
#pragma once

#include <boost/context/fiber.hpp>

#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/env/types.h"
#include "sim/stack_pool.h"

namespace grove::runtime {

using env::DurationNs;
using env::TimeNs;

// CLOCK_MONOTONIC in nanoseconds: deadlines and timers.
TimeNs monotonic_now_ns();

struct LoopTask {
  std::uint64_t id = 0;
  std::string_view name;
  boost::context::fiber fiber;   // the task's continuation while it is suspended
  boost::context::fiber caller;  // the loop's continuation while the task runs
  std::function<void()> body;
  bool blocked = false;
  bool finished = false;
  bool timed_out = false;
  bool unwinding = false;  // being destroyed with the loop
  std::uint64_t wait_generation = 0;
};

class EventLoop {
 public:
  // Fiber stacks are pooled (sim/stack_pool.h, canary-checked); 256 KiB leaves room for the
  // runtime's own syscalls and formatting beside protocol code.
  explicit EventLoop(std::size_t stack_size_bytes = 256 * 1024);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // A new ready task; it runs at the loop's next turn.
  void spawn(std::string_view name, std::function<void()> body);
  // The running task, or nullptr in the loop's own context.
  LoopTask* current() const { return current_; }

  // The running task blocks until unpark() or, with a deadline (monotonic ns, -1 for none),
  // until the deadline passes. Returns true iff it woke because the deadline passed.
  bool park(TimeNs deadline_ns = -1);
  // Makes a blocked task ready (no effect otherwise, or if it has ended).
  void unpark(LoopTask& task);
  // Looks a task up by id (nullptr once it has ended): for wake-ups that may outlive it.
  LoopTask* find(std::uint64_t task_id);
  // Back to the end of the ready queue.
  void yield();

  // Blocks the running task until `fd` (non-blocking, registered with watch_fd) is readable
  // (or writable) or the deadline passes. Returns false on timeout.
  bool wait_fd(int fd, bool writable, TimeNs deadline_ns = -1);
  // Registers `fd` with epoll (edge-triggered) / forgets it before close(). A task waiting on
  // it is woken.
  void watch_fd(int fd);
  void forget_fd(int fd);

  // Calls `action` on the loop's thread at its next turn: the one method another thread may call.
  void post_from_thread(std::function<void()> action);

  // Runs tasks, timers and I/O until stop() (from a task or an action) or until nothing can
  // ever happen again (no task, timer, fd waiter or posted action).
  void run();
  void stop() { stopping_ = true; }
  // Unwinds every suspended task (their destructors run): from outside run(), while whatever
  // they reference is still alive. The destructor does the same.
  void unwind_all();
  bool stopping() const { return stopping_; }
  std::size_t task_count() const { return tasks_.size(); }

 private:
  struct Timer {
    TimeNs deadline_ns;
    std::uint64_t sequence;
    std::uint64_t task_id;
    std::uint64_t generation;
    bool operator>(const Timer& other) const {
      return deadline_ns != other.deadline_ns ? deadline_ns > other.deadline_ns
                                              : sequence > other.sequence;
    }
  };
  struct FdWaiters {
    std::uint64_t reader = 0;  // task ids, 0 for none
    std::uint64_t writer = 0;
  };

  void resume(LoopTask& task);
  void suspend(LoopTask& task);
  void fire_due_timers(TimeNs now_ns);
  void poll(int timeout_ms);
  void drain_posted();
  void wake_id(std::uint64_t task_id);

  sim::StackPool stacks_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: another thread posted an action
  bool stopping_ = false;
  LoopTask* current_ = nullptr;
  std::uint64_t next_task_id_ = 1;
  std::uint64_t next_timer_sequence_ = 0;
  std::unordered_map<std::uint64_t, std::unique_ptr<LoopTask>> tasks_;
  std::deque<LoopTask*> ready_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  std::unordered_map<int, FdWaiters> fds_;
  std::exception_ptr task_failure_;
  std::mutex posted_mutex_;
  std::vector<std::function<void()>> posted_;
};

}  // namespace grove::runtime
