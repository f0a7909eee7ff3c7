#include "core/vrsm/admin.h"

#include "core/rpc/gather.h"
#include "core/vrsm/replica_clerk.h"

namespace grove::vrsm {

Admin::Admin(env::Env& env, std::vector<env::NodeId> config_servers, const Timing& timing)
    : env_(env),
      config_servers_(config_servers),
      timing_(timing),
      config_clerk_(env, std::move(config_servers), timing) {}

Err Admin::enter_new_config(const Config& new_servers) {
  if (new_servers.empty()) return Err::kEmptyConfig;
  auto [epoch, old_servers] = config_clerk_.reserve_epoch_and_get_config();
  if (env_.bugs.has(env::Bug::C4)) {
    // Planted bug C4 (§8.2): the old config from a weak GetConfig, not from the reservation's
    // atomic step, so a stale config server can send the seal to a member of an older epoch.
    old_servers = config_clerk_.get_config();
  }
  if (old_servers.empty()) return Err::kEmptyConfig;  // never initialized: nothing to seal

  // Seal an old member before copying its state. Any one suffices: a committed op is on every
  // member of the old config, and once one member is sealed the old epoch commits nothing more.
  GetStateReply sealed;
  sealed.err = Err::kTimeout;
  std::size_t first = env_.random.below(old_servers.size());
  for (std::size_t i = 0; i < old_servers.size() && sealed.err == Err::kTimeout; ++i) {
    env::NodeId old_server = old_servers[(first + i) % old_servers.size()];
    ReplicaClerk old_member(env_, old_server, timing_);
    // Planted bug C1 (§8.2): copy the old member's state without sealing it, so the old epoch
    // keeps committing ops the copy lacks.
    sealed = env_.bugs.has(env::Bug::C1) ? old_member.copy_state_unsealed(epoch)
                                          : old_member.get_state(epoch);
    if (i > 0) env_.ghost.cover("admin_seals_another_old_member");
  }
  if (sealed.err != Err::kNone) return sealed.err;

  // Install the state on every new member, in parallel; all must succeed before the config is
  // written, so a later reconfiguration may seal ANY member of this config.
  auto self_env = &env_;
  Timing timing = timing_;
  SetStateArgs args{epoch, sealed.next_index, sealed.committed_next_index, sealed.state};
  auto gather = rpc::Gather<Err>::spawn(env_.tasks, "admin_set_state", new_servers.size(),
                                        [self_env, timing, args, new_servers](std::size_t i) {
                                          return ReplicaClerk(*self_env, new_servers[i], timing)
                                              .set_state(args);
                                        });
  // Planted bug C5 (§8.2) writes the config although some SetState failed: a later
  // reconfiguration may then seal a member that never got the state.
  const bool ignore_failed_set_state = env_.bugs.has(env::Bug::C5);
  for (Err err : gather->wait_all()) {
    if (err != Err::kNone && !ignore_failed_set_state) return err;  // `epoch` is skipped
  }

  BecomePrimaryArgs become{epoch, new_servers};
  ReplicaClerk new_primary(env_, new_servers[0], timing_);
  // Planted bug C2 (§8.2): BecomePrimary before the config write, so the new primary takes
  // writes while replicas of the old epoch still serve reads under their leases.
  const bool primary_first = env_.bugs.has(env::Bug::C2);
  if (primary_first) new_primary.become_primary(become);
  // Waits until every lease of the old epoch is over; only then may a new primary accept writes.
  if (config_clerk_.try_write_config(epoch, new_servers) != Err::kNone) return Err::kStale;
  if (!primary_first) {
    // Go sends BecomePrimary once and ignores the result (§2.3): a lost request or reply leaves
    // the epoch without a primary until the next reconfiguration. Retrying on timeout is safe
    // (liveness fix): a replica accepts BecomePrimary at most once per epoch and answers Stale
    // after that, or after a restart.
    for (int attempt = 0; attempt < kBecomePrimaryAttempts; ++attempt) {
      if (new_primary.become_primary(become) != Err::kTimeout) break;
      env_.ghost.cover("admin_become_primary_retry");
    }
  }
  return Err::kNone;
}

Err Admin::reconfigure(const Config& new_servers, std::size_t max_attempts) {
  for (std::size_t attempt = 1;; ++attempt) {
    Err err = enter_new_config(new_servers);
    if (err == Err::kNone || err == Err::kEmptyConfig) return err;
    if (max_attempts != 0 && attempt >= max_attempts) return err;
    env_.ghost.cover("admin_reconfigure_retry");
  }
}

Err Admin::initialize_system(const Config& servers) {
  if (servers.empty()) return Err::kEmptyConfig;
  // Epoch 0's config, through the same-epoch branch of TryWriteConfig; epoch 0 has no primary.
  Err err = config_clerk_.try_write_config(0, servers);
  if (err != Err::kNone) return err;
  return reconfigure(servers);
}

PaxosErr make_config_leader(env::Env& env, env::NodeId config_server, const Timing& timing) {
  // The election itself makes up to one round of calls with paxos_call_timeout_ns each.
  env::CallResult result = env.network.call(config_server, method_id(PaxosMethod::kBecomeLeader),
                                            {}, 2 * timing.paxos_call_timeout_ns + timing.config_call_timeout_ns);
  if (!result.ok()) return PaxosErr::kTimeout;
  std::optional<PaxosErr> err = decode_paxos_err(result.reply);
  return err ? *err : PaxosErr::kTimeout;
}

}  // namespace grove::vrsm
