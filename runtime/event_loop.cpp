#include "runtime/event_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <string>

#include "core/env/check.h"

namespace grove::runtime {

TimeNs monotonic_now_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<TimeNs>(now.tv_sec) * env::kSecond + now.tv_nsec;
}

namespace {
[[noreturn]] void fail_errno(const char* what) {
  throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}
}  // namespace

EventLoop::EventLoop(std::size_t stack_size_bytes) : stacks_(stack_size_bytes) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) fail_errno("epoll_create1");
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) fail_errno("eventfd");
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = wake_fd_;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event) != 0) fail_errno("epoll_ctl");
}

void EventLoop::unwind_all() {
  GROVE_CHECK(current_ == nullptr, "unwind_all() runs outside every task");
  // Destroying a suspended fiber throws forced_unwind inside it, so its destructors run. They
  // may unpark other tasks: the ready queue is dropped after.
  while (!tasks_.empty()) {
    auto first = tasks_.begin();
    std::unique_ptr<LoopTask> task = std::move(first->second);
    tasks_.erase(first);
    task->unwinding = true;
    current_ = task.get();
    task->fiber = boost::context::fiber();
    current_ = nullptr;
  }
  ready_.clear();
  timers_ = {};
}

EventLoop::~EventLoop() {
  unwind_all();
  close(wake_fd_);
  close(epoll_fd_);
}

void EventLoop::spawn(std::string_view name, std::function<void()> body) {
  auto owned = std::make_unique<LoopTask>();
  LoopTask* task = owned.get();
  task->id = next_task_id_++;
  task->name = name;
  task->body = std::move(body);
  task->fiber = boost::context::fiber(
      std::allocator_arg, sim::PooledStackAllocator(stacks_),
      [this, task](boost::context::fiber&& caller) {
        // The ucontext backend (sanitizer builds) enters a never-started fiber to destroy it.
        if (task->unwinding) return std::move(caller);
        task->caller = std::move(caller);
        try {
          task->body();
        } catch (const boost::context::detail::forced_unwind&) {
          throw;  // the fiber is being destroyed: let Boost.Context unwind it
        } catch (...) {
          // Must not cross the fiber boundary (toolchain.md §4.2): the loop rethrows it.
          task_failure_ = std::current_exception();
        }
        task->finished = true;
        task->body = nullptr;
        return std::move(task->caller);
      });
  tasks_.emplace(task->id, std::move(owned));
  ready_.push_back(task);
}

void EventLoop::resume(LoopTask& task) {
  current_ = &task;
  task.fiber = std::move(task.fiber).resume();
  current_ = nullptr;
  if (task_failure_) std::rethrow_exception(std::exchange(task_failure_, nullptr));
  if (task.finished) tasks_.erase(task.id);
}

void EventLoop::suspend(LoopTask& task) {
  GROVE_CHECK(current_ == &task, "only the running task suspends itself");
  task.caller = std::move(task.caller).resume();
}

bool EventLoop::park(TimeNs deadline_ns) {
  LoopTask* task = current_;
  GROVE_CHECK(task != nullptr, "park() is called from a task");
  ++task->wait_generation;
  task->blocked = true;
  task->timed_out = false;
  if (deadline_ns >= 0) {
    timers_.push(Timer{deadline_ns, next_timer_sequence_++, task->id, task->wait_generation});
  }
  suspend(*task);
  return task->timed_out;
}

void EventLoop::unpark(LoopTask& task) {
  if (!task.blocked || task.finished) return;
  task.blocked = false;
  ready_.push_back(&task);
}

LoopTask* EventLoop::find(std::uint64_t task_id) {
  auto found = tasks_.find(task_id);
  return found == tasks_.end() ? nullptr : found->second.get();
}

void EventLoop::wake_id(std::uint64_t task_id) {
  if (LoopTask* task = find(task_id)) unpark(*task);
}

void EventLoop::yield() {
  LoopTask* task = current_;
  GROVE_CHECK(task != nullptr, "yield() is called from a task");
  ready_.push_back(task);
  suspend(*task);
}

void EventLoop::watch_fd(int fd) {
  epoll_event event{};
  event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  event.data.fd = fd;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) fail_errno("epoll_ctl ADD");
  fds_[fd] = FdWaiters{};
}

void EventLoop::forget_fd(int fd) {
  auto found = fds_.find(fd);
  if (found == fds_.end()) return;
  FdWaiters waiters = found->second;
  fds_.erase(found);
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  wake_id(waiters.reader);
  wake_id(waiters.writer);
}

bool EventLoop::wait_fd(int fd, bool writable, TimeNs deadline_ns) {
  LoopTask* task = current_;
  GROVE_CHECK(task != nullptr, "wait_fd() is called from a task");
  auto found = fds_.find(fd);
  GROVE_CHECK(found != fds_.end(), "wait_fd() on a watched descriptor");
  std::uint64_t& slot = writable ? found->second.writer : found->second.reader;
  GROVE_CHECK(slot == 0, "one task waits per descriptor and direction");
  slot = task->id;
  const bool timed_out = park(deadline_ns);
  // The descriptor may have been forgotten (closed) meanwhile.
  auto again = fds_.find(fd);
  if (again != fds_.end()) {
    std::uint64_t& still = writable ? again->second.writer : again->second.reader;
    if (still == task->id) still = 0;
  }
  return !timed_out;
}

void EventLoop::post_from_thread(std::function<void()> action) {
  {
    std::lock_guard<std::mutex> guard(posted_mutex_);
    posted_.push_back(std::move(action));
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] ssize_t written = write(wake_fd_, &one, sizeof one);
}

void EventLoop::drain_posted() {
  std::uint64_t count = 0;
  [[maybe_unused]] ssize_t got = read(wake_fd_, &count, sizeof count);
  std::vector<std::function<void()>> actions;
  {
    std::lock_guard<std::mutex> guard(posted_mutex_);
    actions.swap(posted_);
  }
  for (auto& action : actions) action();
}

void EventLoop::fire_due_timers(TimeNs now_ns) {
  while (!timers_.empty() && timers_.top().deadline_ns <= now_ns) {
    Timer timer = timers_.top();
    timers_.pop();
    LoopTask* task = find(timer.task_id);
    // A timer of an earlier wait (the task was woken otherwise and waits again) is stale.
    if (task == nullptr || !task->blocked || task->wait_generation != timer.generation) continue;
    task->timed_out = true;
    unpark(*task);
  }
}

void EventLoop::poll(int timeout_ms) {
  epoll_event events[256];
  const int count = epoll_wait(epoll_fd_, events, 256, timeout_ms);
  if (count < 0) {
    if (errno == EINTR) return;
    fail_errno("epoll_wait");
  }
  for (int i = 0; i < count; ++i) {
    const int fd = events[i].data.fd;
    if (fd == wake_fd_) {
      drain_posted();
      continue;
    }
    auto found = fds_.find(fd);
    if (found == fds_.end()) continue;
    const std::uint32_t what = events[i].events;
    // Errors and hang-ups wake both directions: the next syscall reports them.
    if (what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
      wake_id(std::exchange(found->second.reader, 0));
    }
    if (what & (EPOLLOUT | EPOLLHUP | EPOLLERR)) wake_id(std::exchange(found->second.writer, 0));
  }
}

void EventLoop::run() {
  stopping_ = false;
  while (!stopping_) {
    // One round of the tasks ready now; tasks made ready meanwhile wait for the next round,
    // after I/O has been polled, so a busy task cannot starve the network.
    for (std::size_t round = ready_.size(); round > 0 && !ready_.empty() && !stopping_; --round) {
      LoopTask* task = ready_.front();
      ready_.pop_front();
      resume(*task);
    }
    if (stopping_) break;
    if (tasks_.empty() && fds_.empty()) {
      std::lock_guard<std::mutex> guard(posted_mutex_);
      if (posted_.empty()) break;  // nothing can ever happen again (timers left are stale)
    }
    TimeNs now_ns = monotonic_now_ns();
    fire_due_timers(now_ns);
    int timeout_ms = -1;
    if (!ready_.empty()) {
      timeout_ms = 0;
    } else if (!timers_.empty()) {
      const TimeNs wait_ns = timers_.top().deadline_ns - now_ns;
      timeout_ms = static_cast<int>((wait_ns + env::kMillisecond - 1) / env::kMillisecond);
      if (timeout_ms < 0) timeout_ms = 0;
    }
    poll(timeout_ms);
    fire_due_timers(monotonic_now_ns());
  }
}

}  // namespace grove::runtime
