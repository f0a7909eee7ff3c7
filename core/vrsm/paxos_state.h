// The whole-state Paxos of the config service (protocol.md §4, gokv vrsm/paxos): node state,
// wire formats and the handler logic as pure functions over the state, so the rules can be
// tested without a world. paxos_node.h adds locking, durability and the network.
//
// Each decree is the entire state. A leader wins an epoch (ballot) with enterNewEpoch on a
// majority, adopts the most recent accepted state among the promises, then replicates new
// versions (next_index + 1 each) with applyAsFollower. Followers keep the state with the
// highest (accepted_epoch, next_index).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/env/types.h"

namespace grove::vrsm {

using env::Bytes;

inline constexpr std::uint64_t kPaxosMethodBase = 200;

enum class PaxosMethod : std::uint64_t {
  kApplyAsFollower = kPaxosMethodBase + 0,
  kEnterNewEpoch = kPaxosMethodBase + 1,
  kBecomeLeader = kPaxosMethodBase + 2,
};
inline std::uint64_t method_id(PaxosMethod method) { return static_cast<std::uint64_t>(method); }

enum class PaxosErr : std::uint64_t {
  kNone = 0,
  kEpochStale = 1,
  kOutOfOrder = 2,  // unused
  kTimeout = 3,     // client side
  kNotLeader = 4,
};

// Durable, rewritten whole on every change (§4.2). Encoding: epoch, accepted_epoch,
// next_index, is_leader (0|1), state(rest).
struct PaxosState {
  std::uint64_t epoch = 0;           // highest epoch promised or seen
  std::uint64_t accepted_epoch = 0;  // epoch in which `state` was accepted
  std::uint64_t next_index = 0;      // version of `state` within accepted_epoch
  bool is_leader = false;
  Bytes state;
};

Bytes encode(const PaxosState& state);
std::optional<PaxosState> decode_paxos_state(std::string_view bytes);

struct ApplyAsFollowerArgs {
  std::uint64_t epoch = 0;
  std::uint64_t next_index = 0;
  Bytes state;
};
struct EnterNewEpochReply {
  PaxosErr err = PaxosErr::kNone;
  std::uint64_t accepted_epoch = 0;
  std::uint64_t next_index = 0;
  Bytes state;
};

Bytes encode(const ApplyAsFollowerArgs& args);
Bytes encode(const EnterNewEpochReply& reply);
Bytes encode_paxos_err(PaxosErr err);
std::optional<ApplyAsFollowerArgs> decode_apply_as_follower_args(std::string_view bytes);
std::optional<EnterNewEpochReply> decode_enter_new_epoch_reply(std::string_view bytes);
std::optional<PaxosErr> decode_paxos_err(std::string_view bytes);

// ---- handler logic (§4.4). Each returns the reply and whether `state` changed (a changed
// state must be durable before the reply is sent). --------------------------------------------

struct EnterNewEpochOutcome {
  EnterNewEpochReply reply;
  bool changed = false;
};
// Promises `epoch` unless an equal or higher one was promised: a node votes once per epoch.
EnterNewEpochOutcome on_enter_new_epoch(PaxosState& node, std::uint64_t epoch);

struct ApplyAsFollowerOutcome {
  PaxosErr err = PaxosErr::kNone;
  bool changed = false;
};
// `planted_bug_p4` (protocol.md §8.2 P4, off in the correct protocol): accept a lower epoch,
// and in the same epoch any other version, lower ones included.
ApplyAsFollowerOutcome on_apply_as_follower(PaxosState& node, const ApplyAsFollowerArgs& args,
                                            bool planted_bug_p4 = false);

// The promise with the highest (accepted_epoch, next_index) among the successful replies, or
// nullptr if there is none. Ties keep the first.
const EnterNewEpochReply* most_recent_promise(
    const std::vector<std::optional<EnterNewEpochReply>>& replies);

inline std::size_t count_successes(const std::vector<std::optional<EnterNewEpochReply>>& replies) {
  std::size_t successes = 0;
  for (const auto& reply : replies) successes += reply && reply->err == PaxosErr::kNone;
  return successes;
}

// After a majority promised `epoch`: becomes leader with the chosen state, unless the node has
// meanwhile promised a higher epoch. Returns whether it became leader.
bool on_election_won(PaxosState& node, std::uint64_t epoch, const EnterNewEpochReply& chosen);

// The local invariants of every Paxos node after every step; a broken one is a GROVE_CHECK
// failure: a node accepts only in an epoch it promised or won (accepted_epoch <= epoch, §4.2),
// and a leader's state is of its own epoch (is_leader => accepted_epoch == epoch). The handlers
// above keep both, planted bugs P1-P5 included (P4 moves both epochs down together).
void assert_paxos_node_invariants(const PaxosState& node);

// A majority of `group_size` (more than half).
inline bool is_majority(std::size_t count, std::size_t group_size) { return 2 * count > group_size; }

}  // namespace grove::vrsm
