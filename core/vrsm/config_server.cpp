#include "core/vrsm/config_server.h"

#include "core/env/check.h"
#include "core/rpc/hash.h"
#include "core/vrsm/common_messages.h"

namespace grove::vrsm {
namespace {

// Ghost fields are u64; a clock bound just after time 0 can be negative.
std::uint64_t ghost_time(env::TimeNs time_ns) {
  return time_ns < 0 ? 0 : static_cast<std::uint64_t>(time_ns);
}

}  // namespace

ConfigServer::ConfigServer(env::Env& env, ConfigServerOptions options)
    : env_(env), options_(std::move(options)) {}

std::shared_ptr<ConfigServer> ConfigServer::start(env::Env& env, ConfigServerOptions options) {
  auto server = std::shared_ptr<ConfigServer>(new ConfigServer(env, std::move(options)));
  PaxosOptions paxos;
  paxos.group = server->options_.paxos_group;
  paxos.timing = server->options_.timing;
  ConfigState initial;
  initial.config = server->options_.initial_config;
  paxos.initial_state = encode(initial);
  server->paxos_ = PaxosNode::start(env, std::move(paxos));
  server->register_handlers();
  return server;
}

void ConfigServer::register_handlers() {
  auto self = shared_from_this();
  env_.network.serve(method_id(ConfigMethod::kReserveEpochAndGetConfig), [self](env::Bytes) {
    return encode(self->reserve_epoch_and_get_config());
  });
  env_.network.serve(method_id(ConfigMethod::kGetConfig), [self](env::Bytes) {
    return encode_config_only(self->get_config());
  });
  env_.network.serve(method_id(ConfigMethod::kTryWriteConfig), [self](env::Bytes args) {
    std::optional<TryWriteConfigArgs> decoded = decode_try_write_config_args(args);
    if (!decoded) {
      self->env_.ghost.cover("config_malformed_request");
      return Bytes();
    }
    return encode_err(self->try_write_config(*decoded));
  });
  env_.network.serve(method_id(ConfigMethod::kGetLease), [self](env::Bytes args) {
    std::optional<std::uint64_t> epoch = decode_u64(args);
    if (!epoch) {
      self->env_.ghost.cover("config_malformed_request");
      return Bytes();
    }
    return encode(self->get_lease(*epoch));
  });
}

std::optional<ConfigState> ConfigServer::acquire() {
  Bytes raw;
  if (!paxos_->acquire(raw)) return std::nullopt;
  std::optional<ConfigState> state = decode_config_state(raw);
  GROVE_CHECK(state.has_value(), "the Paxos value of the config service decodes (§2.1)");
  return state;
}

bool ConfigServer::commit(const ConfigState& state) {
  Bytes encoded = encode(state);
  // What the proposed Paxos value means: checkers decode the states a majority accepted
  // (chosen) from this, instead of trusting a leader's own report of its decisions (§8.1 8-10).
  env_.ghost.emit({"config_proposed",
                   {{"state_hash", rpc::fnv1a64(encoded)},
                    {"epoch", state.epoch},
                    {"reserved_epoch", state.reserved_epoch},
                    {"lease_expiration_ns", state.lease_expiration_ns},
                    {"want_lease_to_expire", state.want_lease_to_expire ? 1u : 0u},
                    {"config_hash", config_hash(state.config)},
                    {"members_mask", members_mask(state.config)}}});
  return paxos_->release(std::move(encoded)) == PaxosErr::kNone;
}

ReserveEpochReply ConfigServer::reserve_epoch_and_get_config() {
  std::optional<ConfigState> state = acquire();
  if (!state) return ReserveEpochReply{Err::kNotLeader, 0, {}};
  state->reserved_epoch += 1;
  env_.ghost.emit({"epoch_reserved",
                   {{"reserved_epoch", state->reserved_epoch}, {"live_epoch", state->epoch}}});
  if (!commit(*state)) return ReserveEpochReply{Err::kNotLeader, 0, {}};
  // The config of the latest live epoch, read in the same atomic step as the reservation
  // (§2.3 constraint 1: reservation fencing).
  return ReserveEpochReply{Err::kNone, state->reserved_epoch, state->config};
}

Config ConfigServer::get_config() {
  std::optional<ConfigState> state = decode_config_state(paxos_->weak_read());
  GROVE_CHECK(state.has_value(), "the Paxos value of the config service decodes (§2.1)");
  return state->config;  // weak: local, possibly stale or uncommitted; a hint (§2.2)
}

Err ConfigServer::try_write_config(const TryWriteConfigArgs& args) {
  for (;;) {
    std::optional<ConfigState> state = acquire();
    if (!state) return Err::kNotLeader;
    // A later epoch was reserved: this one is skipped forever. Planted bug C3 (§8.2) ignores the
    // reservation, so an admin holding an older one can still write its config.
    if (args.epoch < state->reserved_epoch && !env_.bugs.has(env::Bug::C3)) {
      if (!commit(*state)) return Err::kNotLeader;
      return Err::kStale;
    }
    if (args.epoch > state->epoch) {
      env::TimeRange now = env_.clock.now();
      // Every lease of the old epoch is over in true time: compare with the LOWER bound (§3.1).
      // Planted bug C8 (§8.2) takes the upper bound as "now" (for the check and the wait), so the
      // config moves up to twice the uncertainty before the old leases end in true time.
      const env::TimeNs now_ns = env_.bugs.has(env::Bug::C8) ? now.hi_ns : now.lo_ns;
      if (now_ns >= static_cast<env::TimeNs>(state->lease_expiration_ns)) {
        env_.ghost.emit({"config_write",
                         {{"epoch", args.epoch},
                          {"previous_epoch", state->epoch},
                          {"reserved_epoch", state->reserved_epoch},
                          {"lease_expiration_ns", state->lease_expiration_ns},
                          {"lo_ns", ghost_time(now.lo_ns)},
                          {"config_hash", config_hash(args.config)}}});
        state->want_lease_to_expire = false;
        state->epoch = args.epoch;
        state->config = args.config;
        if (!commit(*state)) return Err::kNotLeader;
        env_.ghost.emit({"config_committed",
                         {{"epoch", args.epoch}, {"config_hash", config_hash(args.config)}}});
        return Err::kNone;
      }
      // Stop lease renewals (liveness only, §2.2), wait out the remaining lease, re-check.
      state->want_lease_to_expire = true;
      env::DurationNs remaining_ns =
          static_cast<env::TimeNs>(state->lease_expiration_ns) - now_ns;
      if (!commit(*state)) return Err::kNotLeader;
      env_.ghost.cover("config_write_waits_for_lease");
      env_.clock.sleep(remaining_ns);
      continue;
    }
    // args.epoch == epoch == reserved_epoch: a retry, or system initialization in epoch 0.
    state->config = args.config;
    if (!commit(*state)) return Err::kNotLeader;
    env_.ghost.emit({"config_committed",
                     {{"epoch", args.epoch}, {"config_hash", config_hash(args.config)}}});
    return Err::kNone;
  }
}

GetLeaseReply ConfigServer::get_lease(std::uint64_t epoch) {
  std::optional<ConfigState> state = acquire();
  if (!state) return GetLeaseReply{Err::kNotLeader, 0};
  // Only the live epoch gets leases, and none while a config change waits. Planted bug C6
  // (§8.2) grants for any epoch, so a replica of a replaced epoch keeps reading.
  if ((state->epoch != epoch || state->want_lease_to_expire) && !env_.bugs.has(env::Bug::C6)) {
    if (!commit(*state)) return GetLeaseReply{Err::kNotLeader, 0};
    return GetLeaseReply{Err::kStale, 0};
  }
  env::TimeRange now = env_.clock.now();
  auto expiration_ns = static_cast<std::uint64_t>(now.lo_ns + options_.timing.lease_interval_ns);
  if (expiration_ns > state->lease_expiration_ns) state->lease_expiration_ns = expiration_ns;
  env_.ghost.emit({"lease_issued",
                   {{"epoch", epoch},
                    {"expiry_ns", expiration_ns},
                    {"lo_ns", ghost_time(now.lo_ns)}}});
  // Replied only after the commit: a new leader must see every granted expiration. Planted bug
  // C7 (§8.2) grants even when the commit failed, e.g. on a deposed leader, so the next leader
  // may write a new config while that lease runs.
  if (!commit(*state) && !env_.bugs.has(env::Bug::C7)) return GetLeaseReply{Err::kNotLeader, 0};
  return GetLeaseReply{Err::kNone, expiration_ns};
}

}  // namespace grove::vrsm
