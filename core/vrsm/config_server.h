// The config service (protocol.md §2.1–§2.2, gokv vrsm/configservice/server.go) on top of one
// Paxos node. Every handler but GetConfig is one Paxos read-modify-write; a node that is not
// leader, or whose round fails, answers NotLeader (possibly after its own durable state
// changed, §4.6). Lease grants and config writes are acted on only after the majority commit.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/env/env.h"
#include "core/vrsm/config_messages.h"
#include "core/vrsm/paxos_node.h"
#include "core/vrsm/timing.h"

namespace grove::vrsm {

struct ConfigServerOptions {
  std::vector<env::NodeId> paxos_group;  // every config server, this one included
  Config initial_config;                  // §2.1 initconfig (InitializeSystem rewrites it)
  Timing timing;
};

class ConfigServer : public std::enable_shared_from_this<ConfigServer> {
 public:
  // Starts (recovering) the Paxos node and registers the config RPCs. Returns once serving.
  static std::shared_ptr<ConfigServer> start(env::Env& env, ConfigServerOptions options);

  ReserveEpochReply reserve_epoch_and_get_config();
  Config get_config();
  Err try_write_config(const TryWriteConfigArgs& args);
  GetLeaseReply get_lease(std::uint64_t epoch);

  PaxosNode& paxos() { return *paxos_; }

 private:
  ConfigServer(env::Env& env, ConfigServerOptions options);
  void register_handlers();
  // acquire() + decode; nullopt (mutex free) if not leader.
  std::optional<ConfigState> acquire();
  // encode + release(); true iff the Paxos round succeeded.
  bool commit(const ConfigState& state);

  env::Env& env_;
  ConfigServerOptions options_;
  std::shared_ptr<PaxosNode> paxos_;
};

}  // namespace grove::vrsm
