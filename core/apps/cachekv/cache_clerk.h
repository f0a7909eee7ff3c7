// cachekv: client-side caching with leases over any linearizable KV (protocol.md §7.2, gokv
// cachekv/clerk.go).
//
// The KV stores encode(value, lease) per key. GetAndCache extends the key's lease with a
// CondPut on the exact old encoding (never shortening it) and caches the value until then; Get
// serves from the cache while the clock's upper bound is below the lease (no RPC); Put waits
// until the lower bound has passed the lease, then installs encode(new value, 0) with a CondPut,
// so no cache anywhere can still be serving the old value (the cachekv/proof.v invariant).
//
// Thread-safe: the cache is guarded by a mutex, and the KV calls go through `kv` (use a
// VkvPoolKv for concurrent callers). Failures are values: kTimeout only if `kv` gives up.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/apps/cachekv/cache_value.h"
#include "core/apps/cachekv/kv.h"
#include "core/env/env.h"

namespace grove::apps::cachekv {

struct CacheResult {
  vrsm::Err err = vrsm::Err::kNone;
  std::string value;              // Get, GetAndCache
  bool from_cache = false;        // Get served from the local cache
  env::TimeNs lease_expiration_ns = 0;  // GetAndCache: the lease the cache entry relies on
};

class CacheClerk {
 public:
  CacheClerk(env::Env& env, Kv& kv);

  CacheResult get_and_cache(std::string_view key, env::DurationNs lease_duration_ns);
  CacheResult get(std::string_view key);
  CacheResult put(std::string_view key, std::string_view value);

  // Number of cache entries (for tests).
  std::size_t cached_keys();

 private:
  struct Entry {
    std::string value;
    env::TimeNs lease_expiration_ns = 0;
  };

  env::Env& env_;
  Kv& kv_;
  env::Mutex mutex_;
  std::map<std::string, Entry, std::less<>> cache_;
};

}  // namespace grove::apps::cachekv
