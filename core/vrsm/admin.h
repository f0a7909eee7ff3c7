// Reconfiguration driver (protocol.md §2.3, gokv vrsm/reconfig/admin.go, init.go) and the
// external Paxos leader trigger (§4.5, gokv vrsm/cmd/mkleader).
//
// enter_new_config keeps the order of §2.3, each step load-bearing:
//   1. reserve an epoch, getting the latest live config in the same atomic step (planted bug
//      C4 reads it with a weak GetConfig instead);
//   2. seal an old member and copy its state (GetState; C1 copies without sealing);
//   3. SetState on EVERY new member (C5 writes the config anyway);
//   4. write the config, which waits out the old epoch's leases (C2 reorders 4 and 5);
//   5. BecomePrimary on new_servers[0] (retried on timeout, then the result is ignored).
// Liveness fix: if the old member picked for sealing times out, the others are tried in turn
// under the same reservation (Go returns Timeout and the caller starts over). Sealing more than
// one old member is always safe.
#pragma once

#include <cstdint>
#include <vector>

#include "core/env/env.h"
#include "core/vrsm/config_clerk.h"
#include "core/vrsm/error.h"
#include "core/vrsm/paxos_state.h"
#include "core/vrsm/timing.h"

namespace grove::vrsm {

class Admin {
 public:
  // BecomePrimary attempts after a timeout (liveness fix; Go sends it once).
  static constexpr int kBecomePrimaryAttempts = 5;

  Admin(env::Env& env, std::vector<env::NodeId> config_servers, const Timing& timing);

  // One attempt. kNone, or the error of the step that failed (the epoch is then skipped).
  Err enter_new_config(const Config& new_servers);

  // Retries enter_new_config with a fresh reservation, at most `max_attempts` times (0: no
  // bound). Go's admin command retries only on Timeout; we also retry on Stale, because a
  // duplicated ReserveEpoch request (the network may duplicate) burns a higher epoch than the
  // one we were answered, which makes our own TryWriteConfig Stale. Every attempt is safe.
  Err reconfigure(const Config& new_servers, std::size_t max_attempts = 0);

  // InitializeSystem: writes `servers` as epoch 0's config, then enters epoch 1 with them.
  Err initialize_system(const Config& servers);

 private:
  env::Env& env_;
  std::vector<env::NodeId> config_servers_;
  Timing timing_;
  ConfigClerk config_clerk_;
};

// Asks `config_server` to run a Paxos election (the becomeLeader RPC). kTimeout if no reply.
PaxosErr make_config_leader(env::Env& env, env::NodeId config_server, const Timing& timing);

}  // namespace grove::vrsm
