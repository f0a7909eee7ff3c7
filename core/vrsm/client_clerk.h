// The client's view of the replicated state machine (protocol.md §2.4, gokv vrsm/clerk):
// finds the primary through the config service and retries.
//
//   apply      write path: always to config[0]; on any error sleep client_write_retry_ns,
//              refresh the config (a weak read, a hint) and resend the SAME bytes.
//   apply_ro   read path: try every replica starting at a preferred one (re-drawn at most once
//              per preferred_replica_refresh_ns); the first None wins and becomes preferred;
//              if all fail sleep 5–14 ms, refresh the config, repeat.
// Go retries forever. `give_up_after_ns` > 0 bounds one call (then Timeout: the outcome is
// unknown, the op may still take effect later); 0 keeps Go's behaviour.
// Not thread-safe: one task uses a clerk at a time (the exactly-once layer needs that anyway).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/env/env.h"
#include "core/vrsm/config_clerk.h"
#include "core/vrsm/error.h"
#include "core/vrsm/timing.h"

namespace grove::vrsm {

struct ClientResult {
  Err err = Err::kNone;  // kNone, or kTimeout when give_up_after_ns ran out
  Bytes reply;
};

class ClientClerk {
 public:
  // Blocks until the config service returns a non-empty config.
  ClientClerk(env::Env& env, std::vector<env::NodeId> config_servers, const Timing& timing,
              env::DurationNs give_up_after_ns = 0);

  ClientResult apply(std::string_view op);
  ClientResult apply_ro(std::string_view op);

  const Config& config() const { return config_; }

 private:
  void refresh_config();
  bool out_of_time(env::TimeNs started_ns) const;

  env::Env& env_;
  Timing timing_;
  env::DurationNs give_up_after_ns_;
  ConfigClerk config_clerk_;
  Config config_;
  std::size_t preferred_replica_ = 0;
  env::TimeNs last_preference_refresh_ns_ = 0;
};

}  // namespace grove::vrsm
