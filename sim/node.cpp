#include "sim/node.h"

#include "sim/node_env.h"
#include "sim/world.h"

namespace grove::sim {

Node::Node(World& owner, env::NodeId id, std::string name, env::NodeMain node_main)
    : world(owner),
      state(NodeState::kCreated),
      main(std::move(node_main)),
      random(owner.choices().stream("node." + std::to_string(id) + ".random")),
      id_(id),
      name_(std::move(name)),
      node_env_(std::make_unique<NodeEnv>(owner, *this)) {
  NodeEnv& impl = *node_env_;
  env_ = std::make_unique<env::Env>(
      env::Env{id_, impl, impl, impl, impl, impl, impl, owner.bugs()});
  clock.uncertainty_ns = owner.options().clock.uncertainty_ns;
}

Node::~Node() = default;

env::Env& Node::env() { return *env_; }

}  // namespace grove::sim
