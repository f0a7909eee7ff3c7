#include "core/vrsm/config_clerk.h"

#include "core/env/check.h"
#include "core/rpc/marshal.h"
#include "core/vrsm/common_messages.h"

namespace grove::vrsm {

ConfigClerk::ConfigClerk(env::Env& env, std::vector<env::NodeId> servers, const Timing& timing)
    : env_(env), servers_(std::move(servers)), timing_(timing), mutex_(env.tasks) {
  GROVE_CHECK(!servers_.empty(), "a config clerk needs at least one config server");
}

Bytes ConfigClerk::call_leader(ConfigMethod method, const Bytes& args,
                               env::DurationNs timeout_ns) {
  std::size_t failures = 0;
  for (;;) {
    std::size_t leader;
    {
      env::Lock lock(mutex_);
      leader = leader_;
    }
    env::CallResult result = env_.network.call(servers_[leader], method_id(method), args, timeout_ns);
    if (result.ok()) {
      rpc::Decoder in(result.reply);
      std::uint64_t err = in.u64();
      if (in.ok() && err != static_cast<std::uint64_t>(Err::kNotLeader)) return result.reply;
    }
    // NotLeader, a timeout or a malformed reply: try the next server (rotating on timeouts is
    // our liveness fix, see the header).
    {
      env::Lock lock(mutex_);
      if (leader_ == leader) leader_ = (leader_ + 1) % servers_.size();
    }
    failures += 1;
    if (failures % servers_.size() == 0) env_.clock.sleep(timing_.config_retry_backoff_ns);
  }
}

std::pair<std::uint64_t, Config> ConfigClerk::reserve_epoch_and_get_config() {
  for (;;) {
    Bytes reply = call_leader(ConfigMethod::kReserveEpochAndGetConfig, {},
                              timing_.config_call_timeout_ns);
    std::optional<ReserveEpochReply> decoded = decode_reserve_epoch_reply(reply);
    if (decoded && decoded->err == Err::kNone) {
      return {decoded->reserved_epoch, std::move(decoded->config)};
    }
    env_.ghost.cover("config_clerk_reserve_retry");
  }
}

Config ConfigClerk::get_config() {
  std::size_t failures = 0;
  for (;;) {
    env::NodeId server = servers_[env_.random.below(servers_.size())];
    env::CallResult result = env_.network.call(server, method_id(ConfigMethod::kGetConfig), {},
                                               timing_.config_call_timeout_ns);
    if (result.ok()) {
      std::optional<Config> config = decode_config_only(result.reply);
      if (config) return *config;
    }
    failures += 1;
    if (failures % servers_.size() == 0) env_.clock.sleep(timing_.config_retry_backoff_ns);
  }
}

Err ConfigClerk::try_write_config(std::uint64_t epoch, const Config& config) {
  for (;;) {
    Bytes reply = call_leader(ConfigMethod::kTryWriteConfig, encode(TryWriteConfigArgs{epoch, config}),
                              timing_.try_write_config_timeout_ns);
    std::optional<Err> err = decode_err(reply);
    if (err) return *err;
  }
}

GetLeaseReply ConfigClerk::get_lease(std::uint64_t epoch) {
  rpc::Encoder args;
  args.u64(epoch);
  for (;;) {
    Bytes reply = call_leader(ConfigMethod::kGetLease, args.bytes(), timing_.config_call_timeout_ns);
    std::optional<GetLeaseReply> decoded = decode_get_lease_reply(reply);
    if (decoded) return *decoded;
  }
}

}  // namespace grove::vrsm
