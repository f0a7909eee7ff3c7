// What a lock key holds in the KV (protocol.md §7.3, extended with leases): "" when free, else
// `holder:u64 LE, lease_expiration_ns:u64 LE, note(rest)`. The holder is a client identity
// unique in the deployment; the lease is in the clocks' common frame; the note is opaque to the
// lock service (the bank keeps its transfer ids there, so a taker can find their intents).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/env/types.h"

namespace grove::apps::lock {

struct LockValue {
  std::uint64_t holder = 0;
  env::TimeNs lease_expiration_ns = 0;
  std::string note;

  bool operator==(const LockValue&) const = default;
};

env::Bytes encode_lock_value(const LockValue& value);

// nullopt for "" (free) and for a malformed value (shorter than 16 bytes).
std::optional<LockValue> decode_lock_value(std::string_view raw);

}  // namespace grove::apps::lock
