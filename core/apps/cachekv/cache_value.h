// The encoding cachekv stores in the underlying KV (protocol.md §7.2): every value is
// `lease_expiration_ns:u64 LE ++ value bytes`. The lease is in the clocks' common frame: the
// abstract value of the key must not change before true time `lease_expiration_ns`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/env/types.h"

namespace grove::apps::cachekv {

struct CacheValue {
  std::string value;
  env::TimeNs lease_expiration_ns = 0;
};

env::Bytes encode_cache_value(std::string_view value, env::TimeNs lease_expiration_ns);

// A never-written key ("") decodes as the empty value with lease 0 (the [UNCLEAR] of §7.2:
// Go would crash on it). Any other input shorter than 8 bytes is malformed: nullopt.
std::optional<CacheValue> decode_cache_value(std::string_view raw);

}  // namespace grove::apps::cachekv
