#include "sim/preemption.h"

#include <algorithm>

#include "core/env/check.h"
#include "sim/node.h"
#include "sim/scheduler.h"
#include "sim/world.h"

namespace grove::sim {

std::string_view seam_name(Seam seam) {
  switch (seam) {
    case Seam::kClock: return "clock";
    case Seam::kLock: return "lock";
    case Seam::kLocked: return "locked";
    case Seam::kSend: return "send";
    case Seam::kDisk: return "disk";
    case Seam::kWake: return "wake";
  }
  return "?";
}

Preemption::Preemption(World& world, PreemptionOptions options)
    : world_(world), options_(options), choices_(world.choices().stream("preempt")) {}

bool Preemption::may_block(const Node& node) const {
  const Task* task = world_.scheduler().current();
  return task != nullptr && task->node == &node && !node.crashing &&
         node.state == NodeState::kRunning;
}

void Preemption::at_seam(Node& node, Seam seam) {
  if (options_.stall_ppm == 0 || !may_block(node)) return;
  if (!choices_.chance_ppm(options_.stall_ppm)) return;
  const DurationNs span = options_.max_delay_ns - options_.min_delay_ns;
  const DurationNs delay_ns =
      options_.min_delay_ns +
      (span > 0 ? static_cast<DurationNs>(choices_.choose(static_cast<std::uint64_t>(span) + 1)) : 0);
  Scheduler& scheduler = world_.scheduler();
  Task& task = *scheduler.current();
  ++stalls_;
  world_.record(traces::TraceEvent{world_.now(), traces::TraceKind::kPreempt, node.id(),
                                   traces::kNoNode, task.id, static_cast<std::uint64_t>(delay_ns),
                                   seam_name(seam)});
  // Nobody else unparks a stalled task: it is in no wait queue and has no pending call.
  const bool timed_out = scheduler.park(world_.now() + delay_ns);
  GROVE_CHECK(timed_out, "a stalled task resumes only when its stall ends");
}

TimeNs Preemption::spurious_wakeup_at(Node& node) {
  if (options_.spurious_wakeup_ppm == 0 || !may_block(node)) return -1;
  if (!choices_.chance_ppm(options_.spurious_wakeup_ppm)) return -1;
  const DurationNs max_ns = std::max<DurationNs>(options_.max_delay_ns, 1);
  return world_.now() + static_cast<DurationNs>(choices_.choose(static_cast<std::uint64_t>(max_ns) + 1));
}

void Preemption::record_spurious_wakeup(Node& node) {
  const Task* task = world_.scheduler().current();
  world_.record(traces::TraceEvent{world_.now(), traces::TraceKind::kPreempt, node.id(),
                                   traces::kNoNode, task != nullptr ? task->id : 0, 0,
                                   "spurious_wakeup"});
}

}  // namespace grove::sim
