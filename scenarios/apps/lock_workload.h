// The lock-service workload (protocol.md §7.3, with leases): each app client repeatedly locks
// one of a few keys, holds it for a while (sometimes for several leases, renewing it), and
// unlocks it. It records the lock history (the "lock" model's vocabulary: acquire, takeover,
// renew, release) and every possession with the true time at which the holder's own clock
// said its lease was over, for the mutual-exclusion checker.
#pragma once

#include <memory>
#include <vector>

#include "checkers/apps/lock_checker.h"
#include "core/apps/lock/lock_clerk.h"
#include "scenarios/apps/app_deployment.h"
#include "scenarios/apps/op_recorder.h"
#include "scenarios/apps/op_skips.h"

namespace grove::scenarios::apps {

struct LockWorkloadOptions {
  std::size_t keys = 2;
  int acquisitions_per_client = 15;
  grove::apps::lock::LockOptions lock{.lease_duration_ns = 300 * env::kMillisecond};
  DurationNs hold_max_ns = 100 * env::kMillisecond;
  unsigned long_hold_per_mille = 150;  // hold for two leases, renewing every third of one
  DurationNs think_time_max_ns = 20 * env::kMillisecond;
  OpList skip_ops;  // acquisitions (with their renewals and release) left out (op_skips.h)
};

class LockWorkload {
 public:
  LockWorkload(AppDeployment& deployment, LockWorkloadOptions options);

  void spawn(std::size_t client);
  void spawn_all();
  bool finished() const;
  // After heal: client `client` locks and unlocks every key once (a fresh task); true if it
  // finished within `within` — no lock stays held forever.
  bool lock_every_key(std::size_t client, DurationNs within);

  const traces::History& history() const;
  const std::vector<checkers::apps::LockPossession>& possessions() const;
  std::size_t takeovers() const;
  // Per client, the acquisitions of the workload round started (left-out ones included).
  const std::vector<std::uint64_t>& ops_started() const;

 private:
  struct State;
  void spawn_loop(std::size_t client, int acquisitions, std::shared_ptr<bool> done);
  AppDeployment& deployment_;
  LockWorkloadOptions options_;
  std::shared_ptr<State> state_;
};

}  // namespace grove::scenarios::apps
