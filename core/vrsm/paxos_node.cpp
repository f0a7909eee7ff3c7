#include "core/vrsm/paxos_node.h"

#include "core/env/check.h"
#include "core/rpc/gather.h"
#include "core/rpc/hash.h"
#include "core/vrsm/common_messages.h"

namespace grove::vrsm {

PaxosNode::PaxosNode(env::Env& env, PaxosOptions options)
    : env_(env), options_(std::move(options)), mutex_(env.tasks) {}

std::shared_ptr<PaxosNode> PaxosNode::start(env::Env& env, PaxosOptions options) {
  auto node = std::shared_ptr<PaxosNode>(new PaxosNode(env, std::move(options)));
  Bytes stored = env.disk.read(node->options_.file_name);
  std::optional<PaxosState> recovered;
  if (!stored.empty()) {
    recovered = decode_paxos_state(stored);
    // write_atomic never leaves a partial file; only an unsafe fault (damaged durable data)
    // gets here. Start over and let the checkers see the loss.
    if (!recovered) env.ghost.cover("paxos_state_corrupt");
  }
  if (recovered) {
    node->state_ = std::move(*recovered);
    // Planted bug P5 (grovesim's own, for the paxos-promise-lost rule): the promise is read back
    // as the accepted epoch, forgetting a durable promise above it, so after a restart this
    // acceptor takes a lower epoch's state again.
    if (env.bugs.has(env::Bug::P5)) node->state_.epoch = node->state_.accepted_epoch;
  } else {
    node->state_.state = node->options_.initial_state;
  }
  // What the disk gave back (every start, the first one too): decisions of the previous
  // incarnation that were not yet durable are gone, so checkers must not hold a restarted leader
  // to them; durable ones (promises, accepted states) must all be here (§8.1 item 15).
  env.ghost.emit({"paxos_recovered",
                  {{"epoch", node->state_.epoch},
                   {"accepted_epoch", node->state_.accepted_epoch},
                   {"next_index", node->state_.next_index},
                   {"is_leader", node->state_.is_leader ? 1u : 0u},
                   {"state_hash", rpc::fnv1a64(node->state_.state)},
                   {"fresh", recovered ? 0u : 1u}}});
  node->file_ = storage::AsyncFile::open(env, node->options_.file_name);
  node->register_handlers();
  return node;
}

void PaxosNode::register_handlers() {
  auto self = shared_from_this();
  env_.network.serve(method_id(PaxosMethod::kEnterNewEpoch), [self](env::Bytes args) {
    std::optional<std::uint64_t> epoch = decode_u64(args);
    if (!epoch) {
      self->env_.ghost.cover("paxos_malformed_request");
      return Bytes();
    }
    return encode(self->enter_new_epoch(*epoch));
  });
  env_.network.serve(method_id(PaxosMethod::kApplyAsFollower), [self](env::Bytes args) {
    std::optional<ApplyAsFollowerArgs> decoded = decode_apply_as_follower_args(args);
    if (!decoded) {
      self->env_.ghost.cover("paxos_malformed_request");
      return Bytes();
    }
    return encode_paxos_err(self->apply_as_follower(*decoded));
  });
  // Not in Go's reply format (none): we answer the outcome, so an admin knows it worked.
  env_.network.serve(method_id(PaxosMethod::kBecomeLeader), [self](env::Bytes) {
    return encode_paxos_err(self->try_become_leader());
  });
}

std::uint64_t PaxosNode::persist_locked() {
  last_write_ = file_->write(encode(state_));
  return last_write_;
}

void PaxosNode::emit_accepted(const PaxosState& snapshot, std::uint64_t version) {
  // `acceptors` lets checkers tell when a majority accepted a state (it is then chosen, §4).
  env_.ghost.emit({"paxos_accepted",
                   {{"accepted_epoch", snapshot.accepted_epoch},
                    {"next_index", snapshot.next_index},
                    {"state_hash", rpc::fnv1a64(snapshot.state)},
                    {"acceptors", options_.group.size()},
                    {"version", version}}});
}

bool PaxosNode::is_leader() {
  env::Lock lock(mutex_);
  return state_.is_leader;
}

Bytes PaxosNode::weak_read() {
  env::Lock lock(mutex_);
  return state_.state;
}

EnterNewEpochReply PaxosNode::enter_new_epoch(std::uint64_t epoch) {
  env::Lock lock(mutex_);
  EnterNewEpochOutcome outcome = on_enter_new_epoch(state_, epoch);
  if (!outcome.changed) return outcome.reply;
  assert_paxos_node_invariants(state_);
  std::uint64_t version = persist_locked();
  lock.unlock();
  // The promise is durable before anyone learns of it. Planted bug P1 (§8.2) replies first: a
  // crash then forgets the promise, and the node may accept a lower epoch's state again.
  if (!env_.bugs.has(env::Bug::P1)) file_->wait(version);
  // `version` orders this node's durable decisions within one incarnation (emission order may
  // differ: waiters of one flush wake in any order).
  env_.ghost.emit({"paxos_promised", {{"epoch", epoch}, {"version", version}}});
  return outcome.reply;
}

PaxosErr PaxosNode::apply_as_follower(const ApplyAsFollowerArgs& args) {
  env::Lock lock(mutex_);
  // Planted bug P4 (§8.2): accept a lower epoch, or a lower version in the same epoch.
  ApplyAsFollowerOutcome outcome =
      on_apply_as_follower(state_, args, /*planted_bug_p4=*/env_.bugs.has(env::Bug::P4));
  if (outcome.err != PaxosErr::kNone) return outcome.err;
  assert_paxos_node_invariants(state_);
  if (outcome.changed) persist_locked();
  // Even an unchanged ack claims "I hold this version or a newer one": wait until the latest
  // write (which may still be in flight) is durable.
  std::uint64_t version = last_write_;
  PaxosState accepted = state_;
  lock.unlock();
  file_->wait(version);
  if (outcome.changed) emit_accepted(accepted, version);
  return PaxosErr::kNone;
}

bool PaxosNode::acquire(Bytes& state) {
  mutex_.lock();
  if (!state_.is_leader) {
    mutex_.unlock();
    return false;
  }
  holding_ = true;
  state = state_.state;
  return true;
}

PaxosErr PaxosNode::release(Bytes new_state) {
  GROVE_CHECK(holding_, "Paxos release() follows a successful acquire() (§4.5)");
  // acquire() saw is_leader and kept the lock since: the new version is of the leader's epoch.
  GROVE_CHECK(state_.is_leader && state_.accepted_epoch == state_.epoch,
              "a Paxos leader proposes only in its own epoch (protocol.md §4.4)");
  holding_ = false;
  state_.next_index += 1;
  state_.state = std::move(new_state);
  ApplyAsFollowerArgs message{state_.epoch, state_.next_index, state_.state};
  PaxosState accepted = state_;
  std::uint64_t version = persist_locked();
  mutex_.unlock();
  file_->wait(version);  // the leader's own copy is durable before it is sent anywhere
  emit_accepted(accepted, version);

  auto self = shared_from_this();
  const std::vector<env::NodeId>& group = options_.group;
  auto gather = rpc::Gather<PaxosErr>::spawn(
      env_.tasks, "paxos_accept", group.size(), [self, message, group](std::size_t i) {
        if (group[i] == self->env_.self) return self->apply_as_follower(message);
        env::CallResult result =
            self->env_.network.call(group[i], method_id(PaxosMethod::kApplyAsFollower),
                                    encode(message), self->options_.timing.paxos_call_timeout_ns);
        if (!result.ok()) return PaxosErr::kTimeout;
        std::optional<PaxosErr> err = decode_paxos_err(result.reply);
        return err ? *err : PaxosErr::kTimeout;
      });
  // Decided as soon as a majority accepted, or too many failed for that (Go waits for a majority
  // of replies of any kind; waiting for successes only improves liveness).
  std::size_t size = group.size();
  auto count = [](const std::vector<std::optional<PaxosErr>>& replies, bool success) {
    std::size_t n = 0;
    for (const auto& reply : replies) n += reply && ((*reply == PaxosErr::kNone) == success);
    return n;
  };
  auto replies = gather->wait_until([&](const std::vector<std::optional<PaxosErr>>& so_far) {
    return is_majority(count(so_far, true), size) || !is_majority(size - count(so_far, false), size);
  });
  if (is_majority(count(replies, true), size)) return PaxosErr::kNone;
  for (const auto& reply : replies) {
    if (reply == PaxosErr::kEpochStale) {
      // Someone promised a higher epoch: step down, so that the next election trigger here
      // runs a real election instead of returning "already leader" (see the header).
      env::Lock lock(mutex_);
      if (state_.epoch == message.epoch && state_.is_leader) {
        state_.is_leader = false;
        env_.ghost.cover("paxos_leader_steps_down");
      }
      break;
    }
  }
  return PaxosErr::kEpochStale;
}

PaxosErr PaxosNode::try_become_leader() {
  std::uint64_t epoch;
  {
    env::Lock lock(mutex_);
    if (state_.is_leader) return PaxosErr::kNone;
    epoch = state_.epoch + 1;
  }
  auto self = shared_from_this();
  const std::vector<env::NodeId>& group = options_.group;
  auto gather = rpc::Gather<EnterNewEpochReply>::spawn(
      env_.tasks, "paxos_promise", group.size(), [self, epoch, group](std::size_t i) {
        if (group[i] == self->env_.self) return self->enter_new_epoch(epoch);
        EnterNewEpochReply failed;
        failed.err = PaxosErr::kTimeout;
        env::CallResult result =
            self->env_.network.call(group[i], method_id(PaxosMethod::kEnterNewEpoch),
                                    encode_u64(epoch), self->options_.timing.paxos_call_timeout_ns);
        if (!result.ok()) return failed;
        std::optional<EnterNewEpochReply> reply = decode_enter_new_epoch_reply(result.reply);
        return reply ? *reply : failed;
      });
  std::size_t size = group.size();
  auto replies = gather->wait_until([&](const std::vector<std::optional<EnterNewEpochReply>>& so_far) {
    std::size_t failures = 0;
    for (const auto& reply : so_far) failures += reply && reply->err != PaxosErr::kNone;
    return is_majority(count_successes(so_far), size) || !is_majority(size - failures, size);
  });
  // Only successful promises count toward the majority.
  std::size_t votes = count_successes(replies);
  if (env_.bugs.has(env::Bug::P3)) {
    // Planted bug P3 (§8.2): every reply counts, refusals and timeouts too, so a candidate can
    // lead an epoch that a majority promised to someone else.
    votes = 0;
    for (const auto& reply : replies) votes += reply.has_value();
  }
  const EnterNewEpochReply* chosen = most_recent_promise(replies);
  // A majority of promises includes at least one, so `chosen` is null only under P3.
  if (!is_majority(votes, size) || chosen == nullptr) {
    env_.ghost.cover("paxos_election_lost");
    return PaxosErr::kEpochStale;
  }
  env::Lock lock(mutex_);
  EnterNewEpochReply own;
  if (env_.bugs.has(env::Bug::P2)) {
    // Planted bug P2 (§8.2): keep this node's own state instead of the most recent one the
    // majority accepted, dropping whatever a previous leader committed without this node.
    own = EnterNewEpochReply{PaxosErr::kNone, state_.accepted_epoch, state_.next_index, state_.state};
    chosen = &own;
  }
  if (!on_election_won(state_, epoch, *chosen)) {
    env_.ghost.cover("paxos_election_overtaken");
    return PaxosErr::kEpochStale;
  }
  assert_paxos_node_invariants(state_);
  PaxosState accepted = state_;
  std::uint64_t version = persist_locked();
  // Reported while still holding the lock: acquire() serves config RPCs from this moment on,
  // so their decisions must come after it in the ghost stream (checkers count leaderships).
  env_.ghost.emit({"paxos_leader", {{"epoch", accepted.epoch}, {"next_index", accepted.next_index}}});
  lock.unlock();
  file_->wait(version);
  emit_accepted(accepted, version);
  return PaxosErr::kNone;
}

}  // namespace grove::vrsm
