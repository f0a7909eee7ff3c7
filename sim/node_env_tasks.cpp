// Task parts of NodeEnv.
#include "sim/node.h"
#include "sim/node_env.h"
#include "sim/scheduler.h"
#include "sim/sync.h"
#include "sim/world.h"

namespace grove::sim {

void NodeEnv::spawn(std::string_view name, std::function<void()> body) {
  require_own_task("tasks.spawn");
  if (node_.crashing) return;  // a destructor of a dying task: the node is going away
  world_.scheduler().spawn(node_, name, std::move(body));
}

void NodeEnv::yield() {
  require_own_task("tasks.yield");
  world_.scheduler().yield();
}

std::unique_ptr<env::MutexImpl> NodeEnv::make_mutex() {
  return std::make_unique<SimMutex>(world_.scheduler(), node_);
}

std::unique_ptr<env::CondVarImpl> NodeEnv::make_condvar() {
  return std::make_unique<SimCondVar>(world_.scheduler(), node_);
}

}  // namespace grove::sim
