#include "core/vrsm/durable_state_machine.h"

#include "core/env/check.h"
#include "core/storage/replica_log_format.h"

namespace grove::vrsm {

DurableStateMachine::DurableStateMachine(env::Env& env, std::string file_name,
                                         std::unique_ptr<InMemoryStateMachine> sm)
    : env_(env), file_name_(std::move(file_name)), sm_(std::move(sm)) {}

std::unique_ptr<DurableStateMachine> DurableStateMachine::recover(
    env::Env& env, std::string file_name, std::unique_ptr<InMemoryStateMachine> sm) {
  auto self = std::unique_ptr<DurableStateMachine>(
      new DurableStateMachine(env, std::move(file_name), std::move(sm)));
  Bytes file = env.disk.read(self->file_name_);
  storage::RecoveredReplicaLog log = storage::parse_replica_log(file);
  if (log.status == storage::ReplicaLogStatus::kHeaderCorrupt) {
    // Only an unsafe fault (durable data damaged) gets here; start empty and let the checkers
    // report the loss rather than abort the run.
    env.ghost.cover("storage_log_header_corrupt");
  }
  if (log.status != storage::ReplicaLogStatus::kOk) {
    self->recovered_fresh_ = true;
    storage::ReplicaLogHeader initial{0, 0, self->sm_->get_state()};
    env.disk.write_atomic(self->file_name_, storage::encode_replica_log_file(initial));
  } else {
    bool installed = self->sm_->set_state(log.header.snapshot, log.header.next_index);
    GROVE_CHECK(installed, "a checksummed log header holds a well-formed snapshot (§5.1)");
    self->epoch_ = log.header.epoch;
    self->next_index_ = log.header.next_index;
    // Replay recomputes the per-key version tags exactly as the original execution did (§6.3).
    self->sm_->set_replaying(true);
    for (std::string_view op : log.ops) {
      self->sm_->apply_volatile(op);
      self->next_index_ += 1;
    }
    self->sm_->set_replaying(false);
    GROVE_CHECK(self->next_index_ == log.header.next_index + log.ops.size(),
                "after recovery next_index = the snapshot's index + the logged ops (protocol.md §5.1)");
    // A durable seal survives the crash. Planted bug S2 (§8.2) forgets it, so a sealed member
    // that restarts accepts entries of the epoch whose state was already copied.
    self->sealed_ = log.sealed && !env.bugs.has(env::Bug::S2);
    if (log.torn_tail) {
      // Cut the torn record off before appending again, so no new record follows garbage
      // (§5.2 note). write_atomic keeps the old file if we crash here; recovery just repeats.
      env.ghost.cover("storage_torn_tail_dropped");
      env.disk.write_atomic(self->file_name_, std::string_view(file).substr(0, log.valid_length));
    }
  }
  self->log_ = storage::AppendOnlyFile::open(env, self->file_name_);
  return self;
}

DurableStateMachine::Applied DurableStateMachine::start_apply(std::string_view op) {
  GROVE_CHECK(!sealed_, "a sealed replica applies no op in its epoch (§1.5, §1.6)");
  Applied applied;
  applied.reply = sm_->apply_volatile(op);
  next_index_ += 1;
  std::uint64_t length = log_->append(storage::encode_op_record(op));
  applied.durable = DurabilityTicket(log_, length);
  return applied;
}

DurabilityTicket DurableStateMachine::everything_applied() const {
  return DurabilityTicket(log_, log_->length());
}

bool DurableStateMachine::set_state_and_unseal(std::string_view snapshot,
                                               std::uint64_t next_index, std::uint64_t epoch) {
  // The replica enters only higher epochs (planted bug R8 re-enters its own), §8.1 item 6.
  GROVE_CHECK(epoch >= epoch_, "a replica's durable epoch never decreases (protocol.md §8.1 item 6)");
  if (!sm_->set_state(snapshot, next_index)) return false;
  epoch_ = epoch;
  next_index_ = next_index;
  sealed_ = false;
  seal_ticket_ = DurabilityTicket();
  // Flush and stop the old log, then replace the whole file atomically (§5.1): after a crash the
  // file is either the old epoch's log or the new snapshot, never a mix.
  log_->close();
  storage::ReplicaLogHeader header{epoch, next_index, Bytes(snapshot)};
  Bytes contents = storage::encode_replica_log_file(header);
  if (env_.bugs.has(env::Bug::S3)) {
    // Planted bug S3 (§8.2): rewrite in place, emptying the file and then appending; a crash in
    // between leaves an empty file (recovered as a fresh replica) or a torn header.
    env_.disk.write_atomic(file_name_, {});
    env_.disk.append(file_name_, contents);
  } else {
    env_.disk.write_atomic(file_name_, contents);
  }
  log_ = storage::AppendOnlyFile::open(env_, file_name_);
  return true;
}

Bytes DurableStateMachine::get_state_and_seal() {
  if (!sealed_) {
    sealed_ = true;
    seal_ticket_ = DurabilityTicket(log_, log_->append(storage::encode_seal_record()));
  }
  // The seal must be durable before GetState replies (§5.4): the admin copies this state on the
  // promise that this epoch can commit nothing more. Waited on by every call, so a repeated
  // GetState never returns before the first one's seal is durable. Planted bug S1 (§8.2) does
  // not wait: a crash right after GetState forgets the seal.
  if (!env_.bugs.has(env::Bug::S1)) seal_ticket_.wait();
  return sm_->get_state();
}

}  // namespace grove::vrsm
