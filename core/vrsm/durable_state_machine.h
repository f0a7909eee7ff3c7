// The replica's durable state machine (protocol.md §5.1, gokv vrsm/storage/durlog.go): an
// in-memory state machine plus the log file that makes it survive crashes.
//
// Durable: epoch, sealed, the snapshot and every logged op (hence next_index). Every change of
// memory goes with an append or a whole-file replace:
//   start_apply            memory now, log append enqueued; the caller waits on the ticket
//   get_state_and_seal     seal record appended and durable before it returns (§5.4)
//   set_state_and_unseal   file replaced atomically, durable before it returns (§5.4)
// Not thread-safe: the replica calls it under its own mutex. Tickets may be waited on outside.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/env/env.h"
#include "core/storage/append_file.h"
#include "core/vrsm/state_machine.h"

namespace grove::vrsm {

// "Wait until this op's log record is durable" (the waitDurable of §1.5/§1.6). Holds the file it
// was appended to, so a SetState that replaces the file meanwhile does not invalidate it (the
// old file is flushed completely on close).
class DurabilityTicket {
 public:
  DurabilityTicket() = default;
  DurabilityTicket(std::shared_ptr<storage::AppendOnlyFile> file, std::uint64_t length)
      : file_(std::move(file)), length_(length) {}
  void wait() const {
    if (file_) file_->wait_append(length_);
  }

 private:
  std::shared_ptr<storage::AppendOnlyFile> file_;
  std::uint64_t length_ = 0;
};

class DurableStateMachine {
 public:
  // Recovers from `file_name` (§5.1 recover): an empty file gets the initial contents (a fresh
  // state machine, epoch 0, next_index 0, unsealed); a torn tail is cut off durably before any
  // new append. Blocks on disk I/O. Starts the log's flusher task.
  static std::unique_ptr<DurableStateMachine> recover(env::Env& env, std::string file_name,
                                                      std::unique_ptr<InMemoryStateMachine> sm);

  struct Applied {
    Bytes reply;
    DurabilityTicket durable;
  };
  // Applies `op` in memory, assigns it index next_index() (then increments it) and enqueues its
  // log record. Must not be called when sealed.
  Applied start_apply(std::string_view op);

  // A ticket covering every op applied so far.
  DurabilityTicket everything_applied() const;

  ReadResult apply_readonly(std::string_view op) { return sm_->apply_readonly(op); }

  // Installs `snapshot` as the state after `next_index` ops, in `epoch`, unsealed, and replaces
  // the log file with it. Returns false, changing nothing, if the snapshot is malformed.
  bool set_state_and_unseal(std::string_view snapshot, std::uint64_t next_index,
                            std::uint64_t epoch);

  // Seals durably (idempotent), then returns a snapshot of the current state.
  Bytes get_state_and_seal();
  // A snapshot without sealing: only planted bugs (R9, C1) copy state this way.
  Bytes copy_state() { return sm_->get_state(); }

  std::uint64_t epoch() const { return epoch_; }
  std::uint64_t next_index() const { return next_index_; }
  bool sealed() const { return sealed_; }
  // Recovery found no usable log (an empty file, or a damaged header) and started afresh.
  bool recovered_fresh() const { return recovered_fresh_; }

 private:
  DurableStateMachine(env::Env& env, std::string file_name,
                      std::unique_ptr<InMemoryStateMachine> sm);

  env::Env& env_;
  std::string file_name_;
  std::unique_ptr<InMemoryStateMachine> sm_;
  std::shared_ptr<storage::AppendOnlyFile> log_;
  std::uint64_t epoch_ = 0;
  std::uint64_t next_index_ = 0;
  bool sealed_ = false;
  bool recovered_fresh_ = false;
  DurabilityTicket seal_ticket_;  // the seal record's append (empty when unsealed or recovered)
};

}  // namespace grove::vrsm
