// Replica RPC ids and wire formats (protocol.md §1.4). Decoders return nullopt for a short or
// malformed message; the receiver drops it (a server replies with nothing, which the caller's
// decoder rejects like a timeout).
#pragma once

#include <cstdint>
#include <optional>

#include "core/env/types.h"
#include "core/vrsm/common_messages.h"
#include "core/vrsm/config.h"
#include "core/vrsm/error.h"

namespace grove::vrsm {

using env::Bytes;

enum class ReplicaMethod : std::uint64_t {
  kApplyAsBackup = 0,
  kSetState = 1,
  kGetState = 2,  // really get-and-seal
  kBecomePrimary = 3,
  kApply = 4,
  // 5: unused (formerly read-only-as-backup)
  kApplyRo = 6,
  kIncreaseCommit = 7,
  // Not in Go: GetState without the seal, for planted bug C1 only (see replica_server.h).
  kCopyStateUnsealed = 8,
};

inline std::uint64_t method_id(ReplicaMethod method) { return static_cast<std::uint64_t>(method); }

struct ApplyAsBackupArgs {
  std::uint64_t epoch = 0;
  std::uint64_t index = 0;
  Bytes op;
};
struct SetStateArgs {
  std::uint64_t epoch = 0;
  std::uint64_t next_index = 0;
  std::uint64_t committed_next_index = 0;
  Bytes state;
};
struct GetStateReply {
  Err err = Err::kNone;
  std::uint64_t next_index = 0;
  std::uint64_t committed_next_index = 0;
  Bytes state;
};
struct BecomePrimaryArgs {
  std::uint64_t epoch = 0;
  Config replicas;  // replicas[0] is the new primary itself
};
// Reply of Apply and ApplyRo.
struct ApplyReply {
  Err err = Err::kNone;
  Bytes reply;
};

Bytes encode(const ApplyAsBackupArgs& args);
Bytes encode(const SetStateArgs& args);
Bytes encode(const GetStateReply& reply);
Bytes encode(const BecomePrimaryArgs& args);
Bytes encode(const ApplyReply& reply);
// GetState args (an epoch) and IncreaseCommit args (a committed_next_index) are one u64:
// encode_u64 / decode_u64 of common_messages.h.

std::optional<ApplyAsBackupArgs> decode_apply_as_backup_args(std::string_view bytes);
std::optional<SetStateArgs> decode_set_state_args(std::string_view bytes);
std::optional<GetStateReply> decode_get_state_reply(std::string_view bytes);
std::optional<BecomePrimaryArgs> decode_become_primary_args(std::string_view bytes);
std::optional<ApplyReply> decode_apply_reply(std::string_view bytes);

}  // namespace grove::vrsm
