// Network parts of NodeEnv.
#include <algorithm>
#include <stdexcept>

#include "sim/node.h"
#include "sim/node_env.h"
#include "sim/preemption.h"
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
  if (timeout_ns > 0) timeout_ns = std::max<env::DurationNs>(true_duration(timeout_ns), 1);
  world_.preemption().at_seam(node_, Seam::kSend);
  env::CallResult result = world_.transport().call(node_, peer, method, std::move(args), timeout_ns);
  world_.preemption().at_seam(node_, Seam::kWake);
  return result;
}

}  // namespace grove::sim
