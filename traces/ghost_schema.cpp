#include "traces/ghost_schema.h"

#include <cstdio>
#include <cstdlib>

namespace grove::traces {

namespace {

using K = GhostKind;

// Keep in the order of GhostKind, and in step with docs/ghost-events.md.
constexpr GhostSchema kSchemas[] = {
    {K::kEpochEntered, "epoch_entered", 4, {"epoch", "next_index", "committed_next_index", "state_hash"}},
    {K::kSealed, "sealed", 3, {"epoch", "next_index", "state_hash"}},
    {K::kBecamePrimary, "became_primary", 1, {"epoch"}},
    {K::kEntryAccepted, "entry_accepted", 3, {"epoch", "index", "op_hash"}},
    {K::kEntryDurable, "entry_durable", 2, {"epoch", "index"}},
    {K::kBackupAcked, "backup_acked", 3, {"epoch", "index", "op_hash"}},
    {K::kApplyAcked, "apply_acked", 3, {"epoch", "index", "op_hash"}},
    {K::kCommitRaised, "commit_raised", 2, {"epoch", "committed_next_index"}},
    {K::kReplicaRecovered, "replica_recovered", 4, {"epoch", "next_index", "sealed", "fresh"}},
    {K::kLeaseGranted, "lease_granted", 2, {"epoch", "expiry_ns"}},
    {K::kReadServed, "read_served", 5, {"epoch", "expiry_ns", "hi_ns", "key_hash", "version"}},
    {K::kReadRefused, "read_refused", 1, {"epoch"}},
    {K::kEpochReserved, "epoch_reserved", 2, {"reserved_epoch", "live_epoch"}},
    {K::kLeaseIssued, "lease_issued", 3, {"epoch", "expiry_ns", "lo_ns"}},
    {K::kConfigWrite, "config_write", 6,
     {"epoch", "previous_epoch", "reserved_epoch", "lease_expiration_ns", "lo_ns", "config_hash"}},
    {K::kConfigCommitted, "config_committed", 2, {"epoch", "config_hash"}},
    {K::kConfigProposed, "config_proposed", 7,
     {"state_hash", "epoch", "reserved_epoch", "lease_expiration_ns", "want_lease_to_expire",
      "config_hash", "members_mask"}},
    {K::kPaxosPromised, "paxos_promised", 2, {"epoch", "version"}},
    {K::kPaxosAccepted, "paxos_accepted", 5,
     {"accepted_epoch", "next_index", "state_hash", "acceptors", "version"}},
    {K::kPaxosLeader, "paxos_leader", 2, {"epoch", "next_index"}},
    {K::kPaxosRecovered, "paxos_recovered", 6,
     {"epoch", "accepted_epoch", "next_index", "is_leader", "state_hash", "fresh"}},
    {K::kCidIssued, "cid_issued", 2, {"cid", "index"}},
    {K::kRequestExecuted, "request_executed", 4, {"cid", "seq", "index", "reply_hash"}},
    {K::kRequestDeduplicated, "request_deduplicated", 5,
     {"cid", "seq", "cached_seq", "index", "reply_hash"}},
    {K::kStateCopied, "state_copied", 3, {"epoch", "own_epoch", "next_index"}},
};
static_assert(sizeof(kSchemas) / sizeof(kSchemas[0]) == static_cast<std::size_t>(K::kCount));

constexpr bool schemas_in_kind_order() {
  for (std::size_t i = 0; i < static_cast<std::size_t>(K::kCount); ++i) {
    if (static_cast<std::size_t>(kSchemas[i].kind) != i) return false;
  }
  return true;
}
static_assert(schemas_in_kind_order(), "kSchemas must follow the order of GhostKind");

}  // namespace

const GhostSchema& ghost_schema(GhostKind kind) { return kSchemas[static_cast<std::size_t>(kind)]; }

std::optional<GhostKind> parse_ghost_kind(std::string_view name) {
  for (const GhostSchema& schema : kSchemas) {
    if (schema.name == name) return schema.kind;
  }
  return std::nullopt;
}

std::size_t ghost_field_position(GhostKind kind, std::string_view field) {
  const GhostSchema& schema = ghost_schema(kind);
  for (std::size_t i = 0; i < schema.field_count; ++i) {
    if (schema.fields[i] == field) return i;
  }
  std::fprintf(stderr, "grovesim: ghost event %.*s has no field \"%.*s\"\n",
               static_cast<int>(schema.name.size()), schema.name.data(),
               static_cast<int>(field.size()), field.data());
  std::abort();
}

}  // namespace grove::traces
