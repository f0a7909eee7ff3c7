// A simulated node: its lifecycle state, tasks, RPC handlers, clock and disk.
//
// What survives a crash: the disk's durable files, the clock model, the node's identity and its
// random stream. Everything else (tasks, handlers, pending calls, in-flight disk operations) is
// volatile and dropped.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/env/env.h"
#include "sim/choice_source.h"
#include "sim/clock_model.h"
#include "sim/disk_model.h"
#include "sim/task.h"

namespace grove::sim {

class World;
class NodeEnv;
enum class NodeState : std::uint8_t;

class Node {
 public:
  Node(World& world, env::NodeId id, std::string name, env::NodeMain main);
  ~Node();

  env::NodeId id() const { return id_; }
  const std::string& name() const { return name_; }

  World& world;
  NodeState state;
  std::uint64_t incarnation = 0;
  env::NodeMain main;
  // True while a crash unwinds the node's tasks: synchronisation becomes a no-op and blocking
  // is forbidden, since every task of the node is going away.
  bool crashing = false;
  // Ready tasks held back while the node is paused.
  std::vector<Task*> held;
  // Live tasks, ordered by id so a crash unwinds them in a deterministic order.
  std::set<std::uint64_t> task_ids;
  // Shared so a running handler task keeps its handler alive if it is replaced meanwhile.
  std::map<std::uint64_t, std::shared_ptr<const env::RpcHandler>> handlers;
  ClockModel clock;
  DiskModel disk;
  ChoiceSource::Stream& random;
  env::Env& env();

 private:
  env::NodeId id_;
  std::string name_;
  std::unique_ptr<NodeEnv> node_env_;
  std::unique_ptr<env::Env> env_;
};

}  // namespace grove::sim
