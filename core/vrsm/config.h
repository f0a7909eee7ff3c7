// A configuration: the ordered server list of one epoch (protocol.md §0.1, §2.1).
// config[0] is the epoch's primary.
#pragma once

#include <cstdint>
#include <vector>

#include "core/env/types.h"
#include "core/rpc/hash.h"
#include "core/rpc/marshal.h"

namespace grove::vrsm {

using Config = std::vector<env::NodeId>;

// `n:u64, n × address`.
inline void encode_config(rpc::Encoder& out, const Config& config) { out.u64_list(config); }
inline Config decode_config(rpc::Decoder& in) { return in.u64_list(); }

// config_hash of the ghost events: FNV-1a of the encoding.
inline std::uint64_t config_hash(const Config& config) {
  rpc::Encoder out;
  encode_config(out, config);
  return rpc::fnv1a64(out.bytes());
}

// members_mask of the ghost events: bit n set for every member node n (ids below 64; larger
// ids set bit 63, which checkers treat as "unknown members").
inline std::uint64_t members_mask(const Config& config) {
  std::uint64_t mask = 0;
  for (env::NodeId node : config) mask |= std::uint64_t{1} << (node < 63 ? node : 63);
  return mask;
}

}  // namespace grove::vrsm
