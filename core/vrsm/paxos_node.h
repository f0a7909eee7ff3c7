// One node of the config service's Paxos group (protocol.md §4): the durable state, the
// acceptor handlers, the leader's read-modify-write, and the externally triggered election.
//
// Durability (§5.4): every handler mutates the state under the node mutex, hands the whole
// encoding to the async file, releases the mutex and waits until it is durable before replying.
// A leader writes its own new version durably before sending it to anyone.
//
// Calls to the node itself (the group includes it) go to the local handler directly instead of
// through the network: same logic and durability, no dependence on self-delivery.
//
// Liveness fix (safety unaffected): a leader whose update a follower refuses as stale (it
// promised a higher epoch) steps down. Go keeps isLeader until it sees the higher epoch itself,
// and TryBecomeLeader returns at once while isLeader: if the higher candidate then crashed
// before winning, nobody could commit and no election trigger could fix it (found by grovesim's
// vkv-config scenario, a config server crashing right after its promise).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/env/env.h"
#include "core/storage/async_file.h"
#include "core/vrsm/paxos_state.h"
#include "core/vrsm/timing.h"

namespace grove::vrsm {

struct PaxosOptions {
  std::vector<env::NodeId> group;  // every member, this node included
  Timing timing;
  std::string file_name = "paxos.state";
  Bytes initial_state;  // the replicated value before any update (§4.2)
};

class PaxosNode : public std::enable_shared_from_this<PaxosNode> {
 public:
  // Recovers from disk (or starts from the initial state), registers the Paxos RPCs.
  static std::shared_ptr<PaxosNode> start(env::Env& env, PaxosOptions options);

  // ---- leader read-modify-write (§4.5) -----------------------------------------------
  // If this node believes it leads: takes the node mutex, copies the state into `state` and
  // returns true; the caller must then call release(). Otherwise returns false, mutex free.
  bool acquire(Bytes& state);
  // Installs `new_state` as the next version (durably), releases the mutex, and replicates it.
  // kNone iff a majority accepted. On failure the local durable state has still changed (§4.6).
  PaxosErr release(Bytes new_state);
  // The local copy of the state: no leadership or commit check (a hint).
  Bytes weak_read();

  // ---- election (§4.4 TryBecomeLeader), triggered from outside (becomeLeader RPC). ----
  PaxosErr try_become_leader();

  // ---- acceptor handlers, also reachable locally --------------------------------------
  EnterNewEpochReply enter_new_epoch(std::uint64_t epoch);
  PaxosErr apply_as_follower(const ApplyAsFollowerArgs& args);

  bool is_leader();

 private:
  PaxosNode(env::Env& env, PaxosOptions options);
  void register_handlers();
  // Under the mutex: starts the durable write of the whole state; returns the version to wait.
  std::uint64_t persist_locked();
  void emit_accepted(const PaxosState& snapshot, std::uint64_t version);

  env::Env& env_;
  PaxosOptions options_;
  std::shared_ptr<storage::AsyncFile> file_;
  env::Mutex mutex_;
  PaxosState state_;
  std::uint64_t last_write_ = 0;  // version of the latest async write of state_
  bool holding_ = false;           // acquire() succeeded, release() pending
};

}  // namespace grove::vrsm
