// cachekv freshness (protocol.md §7.2, §8.1 item 18), from the cache-level history alone.
//
// The history holds one op per cachekv call, in the kv model's vocabulary: "get" (a Get served
// from the local cache, a Get that read the KV, or a GetAndCache) and "put" [value]. The rules:
//   cache-not-linearizable  the history is not linearizable as a key-value map: some Get (in
//                           practice one served from a cache) returned a value that no read at
//                           that true time could return. The explanation names the window.
//   put-during-lease        a Put returned at true time t < L, where L is the lease of a
//                           GetAndCache on the same key that returned before the Put was
//                           invoked: the Put's CondPut took effect while a cache could still
//                           serve the old value (a Put must wait until lo >= L, so t >= L).
// Pure: knows nothing of the simulator or the protocol code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checkers/apps/app_violation.h"
#include "checkers/linearizability.h"
#include "traces/history.h"

namespace grove::checkers::apps {

struct CacheLeaseGrant {
  std::size_t op = 0;                     // the GetAndCache in the history
  std::int64_t lease_expiration_ns = 0;   // the lease it installed (clock frame ~ true time)
};

struct CacheHistory {
  traces::History history;
  std::vector<std::size_t> cache_hits;    // Gets served from a local cache
  std::vector<CacheLeaseGrant> grants;
};

AppCheckResult check_cache_freshness(const CacheHistory& input,
                                     const LinearizabilityOptions& options = {});

}  // namespace grove::checkers::apps
