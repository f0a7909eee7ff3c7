// Client side of the exactly-once layer (protocol.md §6.2, gokv exactlyonce.Clerk).
//
// At creation it asks the state machine for a fresh client id (GETFRESHCID through the write
// path, retried until it succeeds; a retry may burn ids, harmless) and starts at seq 1. Each
// read-write op carries (cid, seq) and is resent with identical bytes until it succeeds; seq
// then advances. Read-only ops go through the lease read path and are not deduplicated.
// Not thread-safe: one outstanding op per client id is what makes the dedup table correct.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/vrsm/client_clerk.h"

namespace grove::vrsm {

class ExactlyOnceClerk {
 public:
  // Blocks until a client id was obtained. `give_up_after_ns`: see ClientClerk (it does not
  // apply to obtaining the client id).
  ExactlyOnceClerk(env::Env& env, std::vector<env::NodeId> config_servers, const Timing& timing,
                   env::DurationNs give_up_after_ns = 0);

  ClientResult apply_read_write(std::string_view app_op);
  ClientResult apply_read_only(std::string_view app_op);

  std::uint64_t cid() const { return cid_; }

 private:
  ClientClerk clerk_;
  std::uint64_t cid_ = 0;
  std::uint64_t seq_ = 1;
};

}  // namespace grove::vrsm
