// Clock, random and ghost parts of NodeEnv.
#include <stdexcept>
#include <string>

#include "core/env/check.h"
#include "sim/node.h"
#include "sim/node_env.h"
#include "sim/preemption.h"
#include "sim/scheduler.h"
#include "sim/world.h"

namespace grove::sim {

void NodeEnv::require_own_task(const char* operation) const {
  Task* task = world_.scheduler().current();
  if (task == nullptr || task->node != &node_) {
    throw std::logic_error(std::string("env.") + operation + " of node '" + node_.name() +
                           "' called outside that node's tasks");
  }
}

env::TimeRange NodeEnv::now() {
  // A stall before the read: the interval returned holds true time when the caller gets it.
  world_.preemption().at_seam(node_, Seam::kClock);
  return node_.clock.read(world_.now(), world_.unsafe_clocks());
}

void NodeEnv::sleep(env::DurationNs duration_ns) {
  require_own_task("clock.sleep");
  if (duration_ns < 0) throw std::invalid_argument("env.clock.sleep: negative duration");
  world_.scheduler().park(world_.now() + true_duration(duration_ns));
  world_.preemption().at_seam(node_, Seam::kWake);
}

env::DurationNs NodeEnv::true_duration(env::DurationNs local_ns) const {
  return world_.options().clock.drift_stretches_sleeps ? node_.clock.true_duration(local_ns)
                                                       : local_ns;
}

std::uint64_t NodeEnv::next() { return node_.random.choose(~std::uint64_t{0}); }

std::uint64_t NodeEnv::below(std::uint64_t bound) {
  if (bound == 0) throw std::invalid_argument("env.random.below(0)");
  return node_.random.choose(bound);
}

void NodeEnv::emit(const env::GhostEvent& event) { world_.record_ghost(node_.id(), event); }

void NodeEnv::cover(std::string_view name) { world_.record_cover(name); }

}  // namespace grove::sim
