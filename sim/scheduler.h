// The scheduler: one OS thread, many fibers, virtual time.
//
// At every scheduling point the choice source picks the next task among the ready ones. Events
// (timers, message deliveries, scheduled actions) sit in a queue ordered by (time, sequence);
// events that are due run before the next task is picked, and when no task is ready virtual
// time jumps to the earliest event. All of this happens in the scheduler's own context; tasks
// only ever switch to the scheduler and back.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/env/types.h"
#include "sim/choice_source.h"
#include "sim/pct_policy.h"
#include "sim/stack_pool.h"
#include "sim/task.h"
#include "traces/trace_recorder.h"

namespace grove::sim {

using env::TimeNs;

enum class EventType : std::uint8_t {
  kWake,     // target = task id, generation = its wait generation when the timer was set
  kAction,   // target = action id
  kMessage,  // target = message id (handled by the transport)
  kCallTimeout,  // target = call id (handled by the transport)
};

class Scheduler {
 public:
  // Handles kMessage and kCallTimeout events.
  using ExternalEventHandler = std::function<void(EventType type, std::uint64_t target)>;

  Scheduler(traces::TraceRecorder& trace, ChoiceSource::Stream& schedule_choices,
            std::size_t stack_size_bytes, bool trace_schedule,
            std::uint64_t max_steps_without_time_advance);
  ~Scheduler();

  void set_external_event_handler(ExternalEventHandler handler) { external_ = std::move(handler); }

  TimeNs now() const { return now_; }
  // The running task, or nullptr in the scheduler's own context.
  Task* current() const { return current_; }

  // ---- tasks ------------------------------------------------------------------------------
  // A new ready task of `node` running `body`.
  Task* spawn(Node& node, std::string_view name, std::function<void()> body);
  // The running task blocks until unpark() (or, with a deadline, until the deadline passes).
  // Returns true iff it woke because the deadline passed.
  bool park(TimeNs deadline_ns = -1);
  // The running task goes back to the ready list; any ready task (itself included) runs next.
  void yield();
  // Makes a blocked task ready. No effect on a task that is not blocked.
  void unpark(Task& task);
  // Unwinds a suspended task: its stack's destructors run (Boost.Context forced_unwind) and the
  // task is freed. Only from the scheduler's context.
  void destroy(Task& task);
  Task* find(std::uint64_t task_id);
  // Puts a ready task held back by a paused node into the ready list again.
  void make_ready(Task& task);

  // ---- events -----------------------------------------------------------------------------
  void schedule(TimeNs time_ns, EventType type, std::uint64_t target, std::uint64_t generation = 0);
  void schedule_action(TimeNs time_ns, std::function<void()> action);

  // ---- running ----------------------------------------------------------------------------
  // One step: a due event, else a ready task, else the earliest event if its time is
  // <= limit_ns (time jumps there). Returns false when there is nothing to do up to limit_ns.
  bool step(TimeNs limit_ns);
  // Advances time to `time_ns` when nothing is left before it.
  void advance_to(TimeNs time_ns);
  bool idle() const { return ready_.empty() && events_.empty(); }
  std::size_t ready_count() const { return ready_.size(); }
  std::size_t task_count() const { return tasks_.size(); }
  // Scheduling decisions (a task picked to run, possibly the one that just yielded).
  std::uint64_t switches() const { return switches_; }
  // Context jumps from one context to another.
  std::uint64_t context_switches() const { return context_switches_; }
  StackPool& stacks() { return stacks_; }
  // Picks with more than one task ready: the decisions a schedule strategy can make.
  std::uint64_t contended_picks() const { return contended_picks_; }
  // From now on, contended picks follow PCT (sim/pct_policy.h) instead of uniform draws.
  void use_pct(std::unique_ptr<PctPolicy> policy) { pct_ = std::move(policy); }

 private:
  struct Event {
    TimeNs time_ns;
    std::uint64_t sequence;
    EventType type;
    std::uint64_t target;
    std::uint64_t generation;
    bool operator>(const Event& other) const {
      return time_ns != other.time_ns ? time_ns > other.time_ns : sequence > other.sequence;
    }
  };

  void run(Task& task);
  // From a task that has just become ready or blocked: run the next task.
  void switch_away(Task& self);
  Task* pick_ready();
  void begin_running(Task& task);
  void count_step();
  // Records a trace event about `task` (spawn, schedule, timer, end).
  void trace_task(traces::TraceKind kind, const Task& task, std::string_view label = {});
  void dispatch(const Event& event);
  void finish(Task& task);

  traces::TraceRecorder& trace_;
  ChoiceSource::Stream& schedule_choices_;
  bool trace_schedule_;
  std::uint64_t max_steps_without_time_advance_;
  StackPool stacks_;
  TimeNs now_ = 0;
  std::uint64_t next_task_id_ = 1;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t next_action_id_ = 1;
  std::uint64_t switches_ = 0;
  std::uint64_t context_switches_ = 0;
  std::uint64_t steps_at_this_time_ = 0;
  std::uint64_t contended_picks_ = 0;
  std::unique_ptr<PctPolicy> pct_;
  Task* current_ = nullptr;
  // The task that last switched back to the scheduler's context.
  Task* returning_ = nullptr;
  // The scheduler's continuation while tasks run. Every switch stores the continuation of the
  // context it leaves in that context's own slot (this, or Task::fiber).
  boost::context::fiber scheduler_context_;
  // Where the continuation of the context switching away belongs (see spawn()).
  boost::context::fiber* pending_continuation_slot_ = nullptr;
  std::exception_ptr task_failure_;
  std::vector<Task*> ready_;
  // Looked up by id only, never iterated (iteration order would be nondeterministic).
  std::unordered_map<std::uint64_t, std::unique_ptr<Task>> tasks_;
  std::unordered_map<std::uint64_t, std::function<void()>> actions_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  ExternalEventHandler external_;
};

}  // namespace grove::sim
