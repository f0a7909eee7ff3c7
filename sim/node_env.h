// The Env of one simulated node: every env interface, implemented on the world's scheduler,
// transport, clock and disk models. Each method checks that it is called from a task of this
// node (calling another node's Env, or from outside any task, is a usage error).
#pragma once

#include "core/env/env.h"

namespace grove::sim {

class Node;
class World;

class NodeEnv final : public env::Clock,
                      public env::Tasks,
                      public env::Network,
                      public env::Disk,
                      public env::Random,
                      public env::Ghost {
 public:
  NodeEnv(World& world, Node& node) : world_(world), node_(node) {}

  // Clock (node_env_clock.cpp)
  env::TimeRange now() override;
  void sleep(env::DurationNs duration_ns) override;

  // Tasks (node_env_tasks.cpp)
  void spawn(std::string_view name, std::function<void()> body) override;
  void yield() override;
  std::unique_ptr<env::MutexImpl> make_mutex() override;
  std::unique_ptr<env::CondVarImpl> make_condvar() override;

  // Network (node_env_network.cpp)
  void serve(std::uint64_t method, env::RpcHandler handler) override;
  env::CallResult call(env::NodeId peer, std::uint64_t method, env::Bytes args,
                       env::DurationNs timeout_ns) override;

  // Disk (node_env_disk.cpp)
  env::Bytes read(std::string_view name) override;
  void write_atomic(std::string_view name, std::string_view data) override;
  void append(std::string_view name, std::string_view data) override;
  env::DurationNs group_commit_delay_ns() override;

  // Random and ghost (node_env_clock.cpp)
  std::uint64_t next() override;
  std::uint64_t below(std::uint64_t bound) override;
  void emit(const env::GhostEvent& event) override;
  void cover(std::string_view name) override;

 private:
  // Aborts unless the caller is a running task of this node.
  void require_own_task(const char* operation) const;
  void disk_operation(bool is_append, std::string_view name, std::string_view data);
  // How long a sleep or timeout of `local_ns` on this node's clock lasts in true time.
  env::DurationNs true_duration(env::DurationNs local_ns) const;

  World& world_;
  Node& node_;
};

}  // namespace grove::sim
