#include "sim/scheduler.h"

#include <stdexcept>
#include <string>

#include "core/env/check.h"
#include "sim/node.h"
#include "sim/world.h"

namespace grove::sim {

Scheduler::Scheduler(traces::TraceRecorder& trace, ChoiceSource::Stream& schedule_choices,
                     std::size_t stack_size_bytes, bool trace_schedule,
                     std::uint64_t max_steps_without_time_advance)
    : trace_(trace),
      schedule_choices_(schedule_choices),
      trace_schedule_(trace_schedule),
      max_steps_without_time_advance_(max_steps_without_time_advance),
      stacks_(stack_size_bytes) {}

void Scheduler::trace_task(traces::TraceKind kind, const Task& task, std::string_view label) {
  trace_.record(traces::TraceEvent{now_, kind, task.node->id(), traces::kNoNode, task.id, 0, label});
}

Scheduler::~Scheduler() {
  // Tasks still alive are unwound by World before the scheduler goes away.
  GROVE_CHECK(current_ == nullptr, "the scheduler is not destroyed from inside a task");
}

Task* Scheduler::spawn(Node& node, std::string_view name, std::function<void()> body) {
  auto owned = std::make_unique<Task>();
  Task* task = owned.get();
  task->id = next_task_id_++;
  task->node = &node;
  task->name = name;
  task->state = TaskState::kReady;
  task->fiber = boost::context::fiber(
      std::allocator_arg, PooledStackAllocator(stacks_),
      [this, task, body = std::move(body)](boost::context::fiber&& starter) mutable {
        // Whoever started this task stored its own continuation already (StoreContinuation),
        // except under Boost.Context's ucontext backend (sanitizer builds), which does not run
        // the ontop function before a fiber's first entry but passes the continuation here.
        // The same backend enters a never-started fiber that is being destroyed: leave at once.
        if (task->unwinding) return std::move(starter);
        if (starter) *pending_continuation_slot_ = std::move(starter);
        try {
          body();
        } catch (const boost::context::detail::forced_unwind&) {
          throw;  // a crash unwinding this task: let Boost.Context finish it
        } catch (...) {
          // An exception must not cross the fiber boundary (std::terminate): hand it to the
          // scheduler, which rethrows it to whoever runs the world.
          task_failure_ = std::current_exception();
        }
        task->state = TaskState::kFinished;
        returning_ = task;
        current_ = nullptr;
        return std::move(scheduler_context_);
      });
  tasks_.emplace(task->id, std::move(owned));
  node.task_ids.insert(task->id);
  ready_.push_back(task);
  trace_task(traces::TraceKind::kSpawn, *task, name);
  return task;
}

bool Scheduler::park(TimeNs deadline_ns) {
  Task* self = current_;
  GROVE_CHECK(self != nullptr, "park() is called from a task");
  GROVE_CHECK(!self->node->crashing, "no blocking call while a crashed node unwinds");
  self->state = TaskState::kBlocked;
  self->timed_out = false;
  if (deadline_ns >= 0) schedule(deadline_ns, EventType::kWake, self->id, self->wait_generation);
  switch_away(*self);
  // Resumed: either unpark() or the deadline made us ready.
  return self->timed_out;
}

void Scheduler::yield() {
  Task* self = current_;
  GROVE_CHECK(self != nullptr, "yield() is called from a task");
  GROVE_CHECK(!self->node->crashing, "no blocking call while a crashed node unwinds");
  make_ready(*self);
  switch_away(*self);
}

namespace {

// An ontop function for Boost.Context: stores the continuation of the context that switches
// away into `slot`, so every suspended context's continuation lives in one known place.
struct StoreContinuation {
  boost::context::fiber* slot;
  boost::context::fiber operator()(boost::context::fiber&& continuation) const {
    *slot = std::move(continuation);
    return {};
  }
};

}  // namespace

void Scheduler::switch_away(Task& self) {
  // Switch straight to the next ready task when no event is due (one context jump instead of
  // two through the scheduler); otherwise back to the scheduler, which handles the events.
  Task* next = nullptr;
  if (events_.empty() || events_.top().time_ns > now_) next = pick_ready();
  if (next == &self) {
    begin_running(self);
    return;
  }
  ++context_switches_;
  pending_continuation_slot_ = &self.fiber;
  if (next != nullptr) {
    begin_running(*next);
    std::move(next->fiber).resume_with(StoreContinuation{&self.fiber});
  } else {
    current_ = nullptr;
    returning_ = &self;
    std::move(scheduler_context_).resume_with(StoreContinuation{&self.fiber});
  }
  GROVE_CHECK(current_ == &self, "a resumed task is the current task");
}

Task* Scheduler::pick_ready() {
  while (!ready_.empty()) {
    count_step();
    std::size_t index = 0;
    if (ready_.size() > 1) {
      ++contended_picks_;
      index = pct_ ? schedule_choices_.decide(ready_.size(), pct_->pick(ready_))
                   : schedule_choices_.choose(ready_.size());
    }
    Task* task = ready_[index];
    ready_[index] = ready_.back();
    ready_.pop_back();
    if (task->node->state == NodeState::kPaused) {
      task->node->held.push_back(task);  // runs again on resume
      continue;
    }
    return task;
  }
  return nullptr;
}

void Scheduler::begin_running(Task& task) {
  current_ = &task;
  task.state = TaskState::kRunning;
  ++switches_;
  if (trace_schedule_) trace_task(traces::TraceKind::kSchedule, task);
}

void Scheduler::count_step() {
  if (++steps_at_this_time_ > max_steps_without_time_advance_ &&
      max_steps_without_time_advance_ > 0) {
    throw std::runtime_error("simulation livelock: " +
                             std::to_string(max_steps_without_time_advance_) +
                             " steps without virtual time advancing at t=" +
                             std::to_string(now_) + " ns (a task spins without blocking)");
  }
}

void Scheduler::unpark(Task& task) {
  if (task.state != TaskState::kBlocked) return;
  ++task.wait_generation;  // any pending timer for this wait is now stale
  task.timed_out = false;
  make_ready(task);
}

void Scheduler::make_ready(Task& task) {
  task.state = TaskState::kReady;
  ready_.push_back(&task);
}

Task* Scheduler::find(std::uint64_t task_id) {
  auto found = tasks_.find(task_id);
  return found == tasks_.end() ? nullptr : found->second.get();
}

void Scheduler::destroy(Task& task) {
  GROVE_CHECK(current_ == nullptr, "tasks are destroyed from the scheduler's context");
  GROVE_CHECK(task.state != TaskState::kRunning, "a running task is not destroyed");
  if (task.state == TaskState::kReady) {
    for (std::size_t i = 0; i < ready_.size(); ++i) {
      if (ready_[i] == &task) {
        ready_[i] = ready_.back();
        ready_.pop_back();
        break;
      }
    }
  }
  // Destroying a suspended fiber throws forced_unwind inside it: its destructors run on its own
  // stack. `current_` points at it meanwhile so that code running there sees its own task.
  current_ = &task;
  task.unwinding = true;
  task.fiber = boost::context::fiber();
  current_ = nullptr;
  finish(task);
}

void Scheduler::finish(Task& task) {
  trace_task(traces::TraceKind::kTaskEnd, task);
  task.node->task_ids.erase(task.id);
  tasks_.erase(task.id);  // frees the Task
}

void Scheduler::schedule(TimeNs time_ns, EventType type, std::uint64_t target,
                         std::uint64_t generation) {
  GROVE_CHECK(time_ns >= now_, "events are never scheduled in the past");
  events_.push(Event{time_ns, next_sequence_++, type, target, generation});
}

void Scheduler::schedule_action(TimeNs time_ns, std::function<void()> action) {
  if (time_ns < now_) {
    throw std::invalid_argument("World::at: time " + std::to_string(time_ns) +
                                " ns is before now (" + std::to_string(now_) + " ns)");
  }
  const std::uint64_t id = next_action_id_++;
  actions_.emplace(id, std::move(action));
  schedule(time_ns, EventType::kAction, id);
}

void Scheduler::run(Task& task) {
  begin_running(task);
  ++context_switches_;
  pending_continuation_slot_ = &scheduler_context_;
  std::move(task.fiber).resume_with(StoreContinuation{&scheduler_context_});
  // Back in the scheduler: `returning_` is the task that switched here (maybe not `task`, if
  // tasks switched among themselves meanwhile).
  Task* back = std::exchange(returning_, nullptr);
  GROVE_CHECK(back != nullptr && current_ == nullptr, "a task hands control back explicitly");
  if (back->state == TaskState::kFinished) finish(*back);
  if (task_failure_) {
    std::exception_ptr failure = std::exchange(task_failure_, nullptr);
    std::rethrow_exception(failure);
  }
}

void Scheduler::dispatch(const Event& event) {
  switch (event.type) {
    case EventType::kWake: {
      Task* task = find(event.target);
      if (task == nullptr || task->state != TaskState::kBlocked ||
          task->wait_generation != event.generation) {
        return;  // the wait already ended (notified), or the task is gone
      }
      ++task->wait_generation;
      task->timed_out = true;
      trace_task(traces::TraceKind::kTimer, *task);
      make_ready(*task);
      return;
    }
    case EventType::kAction: {
      auto found = actions_.find(event.target);
      GROVE_CHECK(found != actions_.end(), "every action event has its action");
      std::function<void()> action = std::move(found->second);
      actions_.erase(found);
      action();
      return;
    }
    case EventType::kMessage:
    case EventType::kCallTimeout:
      external_(event.type, event.target);
      return;
  }
}

bool Scheduler::step(TimeNs limit_ns) {
  if (!events_.empty() && events_.top().time_ns <= now_) {
    count_step();
    Event event = events_.top();
    events_.pop();
    dispatch(event);
    return true;
  }
  if (Task* task = pick_ready()) {
    run(*task);
    return true;
  }
  if (events_.empty() || events_.top().time_ns > limit_ns) return false;
  Event event = events_.top();
  events_.pop();
  if (event.time_ns > now_) {
    now_ = event.time_ns;
    steps_at_this_time_ = 0;
  }
  dispatch(event);
  return true;
}

void Scheduler::advance_to(TimeNs time_ns) {
  GROVE_CHECK(ready_.empty(), "time advances only when no task is ready");
  GROVE_CHECK(events_.empty() || events_.top().time_ns >= time_ns,
              "time does not jump over a pending event");
  if (time_ns > now_) {
    now_ = time_ns;
    steps_at_this_time_ = 0;
  }
}

}  // namespace grove::sim
