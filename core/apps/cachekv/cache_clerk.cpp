#include "core/apps/cachekv/cache_clerk.h"

#include <algorithm>

namespace grove::apps::cachekv {

namespace {

CacheResult failure(vrsm::Err err) {
  CacheResult result;
  result.err = err;
  return result;
}

}  // namespace

CacheClerk::CacheClerk(env::Env& env, Kv& kv) : env_(env), kv_(kv), mutex_(env.tasks) {}

std::size_t CacheClerk::cached_keys() {
  env::Lock lock(mutex_);
  return cache_.size();
}

CacheResult CacheClerk::get_and_cache(std::string_view key, env::DurationNs lease_duration_ns) {
  for (;;) {
    const ClientResult read = kv_.get(key);
    if (read.err != vrsm::Err::kNone) return failure(read.err);
    const std::optional<CacheValue> current = decode_cache_value(read.reply);
    if (!current) return failure(vrsm::Err::kStale);  // not a cachekv encoding
    const env::TimeNs hi_ns = env_.clock.now().hi_ns;
    // Never shorten an existing lease: another client may be caching under it (§7.2), and a
    // Put waits only for the lease stored in the KV.
    env::TimeNs lease_ns = std::max(hi_ns + lease_duration_ns, current->lease_expiration_ns);
    if (env_.bugs.has(env::Bug::A3)) lease_ns = hi_ns + lease_duration_ns;
    // CondPut on the exact old encoding: a concurrent Put or extension makes us start over.
    const ClientResult written =
        kv_.cond_put(key, read.reply, encode_cache_value(current->value, lease_ns));
    if (written.err != vrsm::Err::kNone) return failure(written.err);
    if (written.reply != vkv::kCondPutOk) {
      env_.ghost.cover("cachekv_get_and_cache_retry");
      continue;
    }
    {
      env::Lock lock(mutex_);
      cache_[std::string(key)] = Entry{current->value, lease_ns};
    }
    CacheResult result;
    result.value = current->value;
    result.lease_expiration_ns = lease_ns;
    return result;
  }
}

CacheResult CacheClerk::get(std::string_view key) {
  {
    env::Lock lock(mutex_);
    const auto entry = cache_.find(key);
    if (entry != cache_.end()) {
      const env::TimeRange now = env_.clock.now();
      // The holder's side of a lease: only `hi` < lease proves true time is before it (§3.1).
      const env::TimeNs bound_ns = env_.bugs.has(env::Bug::A1) ? now.lo_ns : now.hi_ns;
      if (bound_ns < entry->second.lease_expiration_ns) {
        CacheResult result;
        result.value = entry->second.value;
        result.from_cache = true;
        result.lease_expiration_ns = entry->second.lease_expiration_ns;
        return result;
      }
      cache_.erase(entry);
      env_.ghost.cover("cachekv_cache_entry_expired");
    }
  }
  const ClientResult read = kv_.get(key);
  if (read.err != vrsm::Err::kNone) return failure(read.err);
  const std::optional<CacheValue> current = decode_cache_value(read.reply);
  if (!current) return failure(vrsm::Err::kStale);
  CacheResult result;
  result.value = current->value;
  return result;
}

CacheResult CacheClerk::put(std::string_view key, std::string_view value) {
  for (;;) {
    const ClientResult read = kv_.get(key);
    if (read.err != vrsm::Err::kNone) return failure(read.err);
    const std::optional<CacheValue> current = decode_cache_value(read.reply);
    if (!current) return failure(vrsm::Err::kStale);
    const env::TimeNs lo_ns = env_.clock.now().lo_ns;
    // The grantor's side of a lease: only `lo` past the lease proves every cache relying on
    // it has stopped (§3.1). Go spins; we sleep until the lease should have passed, then
    // re-read (it may have been extended meanwhile).
    if (current->lease_expiration_ns > lo_ns && !env_.bugs.has(env::Bug::A2)) {
      env_.ghost.cover("cachekv_put_waits_for_lease");
      env_.clock.sleep(current->lease_expiration_ns - lo_ns + 1);
      continue;
    }
    const ClientResult written = kv_.cond_put(key, read.reply, encode_cache_value(value, 0));
    if (written.err != vrsm::Err::kNone) return failure(written.err);
    if (written.reply == vkv::kCondPutOk) return CacheResult{};
    env_.ghost.cover("cachekv_put_retry");
  }
}

}  // namespace grove::apps::cachekv
