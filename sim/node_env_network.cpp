// Network parts of NodeEnv.
#include <stdexcept>

#include "sim/node.h"
#include "sim/node_env.h"
#include "sim/transport.h"
#include "sim/world.h"

namespace grove::sim {

void NodeEnv::serve(std::uint64_t method, env::RpcHandler handler) {
  require_own_task("network.serve");
  if (!handler) throw std::invalid_argument("env.network.serve: empty handler");
  node_.handlers[method] = std::make_shared<const env::RpcHandler>(std::move(handler));
}

env::CallResult NodeEnv::call(env::NodeId peer, std::uint64_t method, env::Bytes args,
                              env::DurationNs timeout_ns) {
  require_own_task("network.call");
  return world_.transport().call(node_, peer, method, std::move(args), timeout_ns);
}

}  // namespace grove::sim
