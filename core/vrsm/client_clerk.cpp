#include "core/vrsm/client_clerk.h"

#include "core/vrsm/replica_clerk.h"

namespace grove::vrsm {

ClientClerk::ClientClerk(env::Env& env, std::vector<env::NodeId> config_servers,
                         const Timing& timing, env::DurationNs give_up_after_ns)
    : env_(env),
      timing_(timing),
      give_up_after_ns_(give_up_after_ns),
      config_clerk_(env, std::move(config_servers), timing) {
  while (config_.empty()) {
    config_ = config_clerk_.get_config();
    if (config_.empty()) env_.clock.sleep(timing_.client_write_retry_ns);
  }
  preferred_replica_ = env_.random.below(config_.size());
  last_preference_refresh_ns_ = env_.clock.now().lo_ns;
}

void ClientClerk::refresh_config() {
  Config config = config_clerk_.get_config();
  if (!config.empty()) config_ = std::move(config);
}

bool ClientClerk::out_of_time(env::TimeNs started_ns) const {
  return give_up_after_ns_ > 0 && env_.clock.now().lo_ns - started_ns >= give_up_after_ns_;
}

ClientResult ClientClerk::apply(std::string_view op) {
  env::TimeNs started_ns = env_.clock.now().lo_ns;
  for (;;) {
    // Writes go to config[0], the epoch's primary (§2.3 constraint 5).
    ApplyReply reply = ReplicaClerk(env_, config_[0], timing_).apply(op);
    if (reply.err == Err::kNone) return ClientResult{Err::kNone, std::move(reply.reply)};
    if (out_of_time(started_ns)) return ClientResult{Err::kTimeout, {}};
    env_.clock.sleep(timing_.client_write_retry_ns);  // throttle retries to the config service
    refresh_config();
  }
}

ClientResult ClientClerk::apply_ro(std::string_view op) {
  env::TimeNs started_ns = env_.clock.now().lo_ns;
  if (env_.clock.now().lo_ns > last_preference_refresh_ns_ + timing_.preferred_replica_refresh_ns) {
    preferred_replica_ = env_.random.below(config_.size());
    last_preference_refresh_ns_ = env_.clock.now().lo_ns;
  }
  for (;;) {
    std::size_t offset = preferred_replica_;
    for (std::size_t i = 0; i < config_.size(); ++i) {
      std::size_t k = (offset + i) % config_.size();
      ApplyReply reply = ReplicaClerk(env_, config_[k], timing_).apply_ro(op);
      if (reply.err == Err::kNone) {
        preferred_replica_ = k;
        return ClientResult{Err::kNone, std::move(reply.reply)};
      }
      last_preference_refresh_ns_ = env_.clock.now().lo_ns;
    }
    if (out_of_time(started_ns)) return ClientResult{Err::kTimeout, {}};
    env::DurationNs jitter_ns = 0;
    if (timing_.client_read_retry_jitter_ns > 0) {
      jitter_ns = static_cast<env::DurationNs>(
          env_.random.below(static_cast<std::uint64_t>(timing_.client_read_retry_jitter_ns)));
    }
    env_.clock.sleep(timing_.client_read_retry_min_ns + jitter_ns);
    refresh_config();
    preferred_replica_ = env_.random.below(config_.size());
    last_preference_refresh_ns_ = env_.clock.now().lo_ns;
  }
}

}  // namespace grove::vrsm
