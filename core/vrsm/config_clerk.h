// Client of the config service (protocol.md §2.2, gokv vrsm/configservice/client.go).
//
// Every method retries until it gets an answer other than NotLeader; the clerk remembers which
// server answered as leader. Liveness fixes (safety unaffected, §2.2 [QUIRK]):
//   * it rotates to the next config server on a timeout too, not only on NotLeader, so a
//     crashed or partitioned leader does not stall the clerk forever;
//   * after a full round over every server failed it sleeps config_retry_backoff_ns, so a
//     config service without a leader is not hammered in a tight loop.
// Thread-safe: the leader hint is guarded, so tasks may share one clerk.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/env/env.h"
#include "core/vrsm/config.h"
#include "core/vrsm/config_messages.h"
#include "core/vrsm/timing.h"

namespace grove::vrsm {

class ConfigClerk {
 public:
  ConfigClerk(env::Env& env, std::vector<env::NodeId> servers, const Timing& timing);

  // Retried until None: (reserved epoch, config of the latest live epoch), one atomic step.
  std::pair<std::uint64_t, Config> reserve_epoch_and_get_config();
  // A weak read from a random server, retried until some server answers: a hint only.
  Config get_config();
  // None, or Stale (a later epoch was reserved). Retried on NotLeader and timeouts.
  Err try_write_config(std::uint64_t epoch, const Config& config);
  // (None, expiration) or (Stale, 0). Retried on NotLeader and timeouts.
  GetLeaseReply get_lease(std::uint64_t epoch);

 private:
  // Sends to the presumed leader until a reply decodes and is not NotLeader.
  Bytes call_leader(ConfigMethod method, const Bytes& args, env::DurationNs timeout_ns);

  env::Env& env_;
  std::vector<env::NodeId> servers_;
  Timing timing_;
  env::Mutex mutex_;
  std::size_t leader_ = 0;  // index into servers_
};

}  // namespace grove::vrsm
