#include "core/apps/vkv/vkv_server.h"

#include "core/apps/vkv/vkv_state_machine.h"
#include "core/vrsm/exactly_once.h"

namespace grove::apps::vkv {

std::shared_ptr<vrsm::ReplicaServer> start_vkv_replica(env::Env& env, vrsm::ReplicaOptions options) {
  auto sm = std::make_unique<vrsm::ExactlyOnceStateMachine>(
      env.ghost, std::make_unique<VkvStateMachine>(), env.bugs);
  return vrsm::ReplicaServer::start(env, std::move(options), std::move(sm));
}

}  // namespace grove::apps::vkv
