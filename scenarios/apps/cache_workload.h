// The cachekv workload (protocol.md §7.2): each app client mixes GetAndCache, Get (served from
// its cache while the lease holds) and Put over a few shared keys, through one CacheClerk over
// a vKV clerk pool, and records the cache-level history for the freshness checker.
#pragma once

#include <memory>

#include "checkers/apps/cache_checker.h"
#include "scenarios/apps/app_deployment.h"
#include "scenarios/apps/op_recorder.h"
#include "scenarios/apps/op_skips.h"

namespace grove::scenarios::apps {

struct CacheWorkloadOptions {
  std::size_t keys = 2;
  int ops_per_client = 60;
  // Each GetAndCache asks for a lease drawn from [duration/2, 3*duration/2): leases of
  // different lengths overlap, which is what a shortened lease (A3) needs to do harm.
  DurationNs lease_duration_ns = 150 * env::kMillisecond;
  DurationNs think_time_max_ns = 10 * env::kMillisecond;
  unsigned get_and_cache_per_mille = 250;
  unsigned put_per_mille = 150;  // the rest are Gets
  OpList skip_ops;               // left out (op_skips.h)
};

class CacheWorkload {
 public:
  CacheWorkload(AppDeployment& deployment, CacheWorkloadOptions options);

  // Starts (or, after its node restarted, resumes) client `client`'s loop.
  void spawn(std::size_t client);
  void spawn_all();
  bool finished() const;

  checkers::apps::CacheHistory history() const;
  std::size_t cache_hits() const;
  // Per client, the workload ops started (left-out ones included).
  const std::vector<std::uint64_t>& ops_started() const;

 private:
  struct State;
  AppDeployment& deployment_;
  CacheWorkloadOptions options_;
  std::shared_ptr<State> state_;
};

}  // namespace grove::scenarios::apps
