// Helpers for simulator tests: run a body as a task of a fresh node.
#pragma once

#include <functional>
#include <string>

#include "core/env/env.h"
#include "sim/world.h"

namespace grove::sim::testing {

// Adds and starts a node whose main runs `body`.
inline env::NodeId add_task_node(World& world, std::string name,
                                 std::function<void(env::Env&)> body) {
  const env::NodeId node = world.add_node(std::move(name), std::move(body));
  world.start(node);
  return node;
}

// A node that serves method 1 by echoing its argument.
inline env::NodeId add_echo_node(World& world, std::string name) {
  return add_task_node(world, std::move(name), [](env::Env& env) {
    env.network.serve(1, [](env::Bytes args) { return args; });
  });
}

}  // namespace grove::sim::testing
