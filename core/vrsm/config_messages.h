// Config-service record and RPC formats (protocol.md §2.1, §2.2).
//
// Method ids are offset by kConfigMethodBase: a config-service node also serves the Paxos
// methods (paxos_messages.h), and in Go the two listen on different ports, here one node id
// serves both.
#pragma once

#include <cstdint>
#include <optional>

#include "core/env/types.h"
#include "core/vrsm/config.h"
#include "core/vrsm/error.h"

namespace grove::vrsm {

using env::Bytes;

inline constexpr std::uint64_t kConfigMethodBase = 100;

enum class ConfigMethod : std::uint64_t {
  kReserveEpochAndGetConfig = kConfigMethodBase + 0,
  kGetConfig = kConfigMethodBase + 1,
  kTryWriteConfig = kConfigMethodBase + 2,
  kGetLease = kConfigMethodBase + 3,
};

inline std::uint64_t method_id(ConfigMethod method) { return static_cast<std::uint64_t>(method); }

// The replicated record (§2.1). Encoding: epoch, reserved_epoch, lease_expiration_ns,
// want_lease_to_expire (0|1), config.
struct ConfigState {
  std::uint64_t epoch = 0;           // latest live epoch
  std::uint64_t reserved_epoch = 0;  // highest epoch handed out; epoch <= reserved_epoch
  std::uint64_t lease_expiration_ns = 0;
  bool want_lease_to_expire = false;
  Config config;
};

Bytes encode(const ConfigState& state);
std::optional<ConfigState> decode_config_state(std::string_view bytes);

struct ReserveEpochReply {
  Err err = Err::kNone;
  std::uint64_t reserved_epoch = 0;
  Config config;
};
struct TryWriteConfigArgs {
  std::uint64_t epoch = 0;
  Config config;
};
struct GetLeaseReply {
  Err err = Err::kNone;
  std::uint64_t lease_expiration_ns = 0;
};

Bytes encode(const ReserveEpochReply& reply);  // err; if None: reserved_epoch, config
Bytes encode(const TryWriteConfigArgs& args);
Bytes encode(const GetLeaseReply& reply);
Bytes encode_config_only(const Config& config);  // GetConfig reply

std::optional<ReserveEpochReply> decode_reserve_epoch_reply(std::string_view bytes);
std::optional<TryWriteConfigArgs> decode_try_write_config_args(std::string_view bytes);
std::optional<GetLeaseReply> decode_get_lease_reply(std::string_view bytes);
std::optional<Config> decode_config_only(std::string_view bytes);

}  // namespace grove::vrsm
