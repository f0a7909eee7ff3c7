// The exactly-once layer (protocol.md §6.2, gokv vrsm/apps/exactlyonce/sm.go).
//
// Wraps the application with per-client dedup: each client id (cid) has at most one
// outstanding read-write op, with strictly increasing sequence numbers; an op whose seq is not
// above the client's last one is a duplicate and gets the cached reply without effect. The
// dedup tables and next_cid are part of the snapshot, so they move with state transfer (§2.3).
//
// Op encoding (first byte = type):
//   0 read-write     0, cid:u64, seq:u64, app_op(rest)
//   1 GETFRESHCID    1                                   reply: cid:u64
//   2 read-only      2, app_op(rest)
// Snapshot: next_cid, last_seq map (n, n × (cid, seq)), last_reply map (n, n × (cid, len,
// bytes)), app snapshot (rest); maps in ascending cid order (§9 item 10).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "core/env/bugs.h"
#include "core/env/ghost.h"
#include "core/vrsm/state_machine.h"

namespace grove::vrsm {

enum class ExactlyOnceOpType : std::uint8_t { kReadWrite = 0, kGetFreshCid = 1, kReadOnly = 2 };

Bytes encode_read_write_op(std::uint64_t cid, std::uint64_t seq, std::string_view app_op);
Bytes encode_get_fresh_cid_op();
Bytes encode_read_only_op(std::string_view app_op);
// The reply of GETFRESHCID; nullopt if malformed.
std::optional<std::uint64_t> decode_fresh_cid_reply(std::string_view reply);

class ExactlyOnceStateMachine : public InMemoryStateMachine {
 public:
  // `bugs`: the planted bugs of this layer (E1-E3, L5 of protocol.md §8.2); none by default.
  ExactlyOnceStateMachine(env::Ghost& ghost, std::unique_ptr<VersionedStateMachine> app,
                          env::BugSet bugs = {});

  Bytes apply_volatile(std::string_view op) override;
  ReadResult apply_readonly(std::string_view op) override;
  Bytes get_state() override;
  bool set_state(std::string_view snapshot, std::uint64_t next_index) override;
  void set_replaying(bool replaying) override { replaying_ = replaying; }

  // For tests.
  std::uint64_t next_cid() const { return next_cid_; }
  std::uint64_t next_index() const { return next_index_; }

 private:
  env::Ghost& ghost_;
  std::unique_ptr<VersionedStateMachine> app_;
  env::BugSet bugs_;
  std::map<std::uint64_t, std::uint64_t> last_seq_;
  std::map<std::uint64_t, Bytes> last_reply_;
  std::uint64_t next_cid_ = 0;
  std::uint64_t next_index_ = 0;  // esmNextIndex: log length, incremented first in apply
  bool replaying_ = false;
};

}  // namespace grove::vrsm
