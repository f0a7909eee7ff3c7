#include "checkers/paxos_checker.h"

#include <algorithm>

#include "checkers/lease_checker.h"

namespace grove::checkers {

namespace {

using traces::GhostKind;
using traces::GhostRecord;


std::string num(std::uint64_t value) { return std::to_string(value); }

}  // namespace

void PaxosChecker::observe(std::size_t position) {
  const GhostRecord& event = stream_[position];
  switch (event.type) {
    case GhostKind::kPaxosPromised: promised(position, event); break;
    case GhostKind::kPaxosAccepted: accepted(position, event); break;
    case GhostKind::kPaxosRecovered: recovered(position, event); break;
    case GhostKind::kConfigProposed:
      config_of_state_.emplace(event.get("state_hash"), position);
      break;
    case GhostKind::kReadServed:
      reads_.push_back(position);
      for (const auto& [version, state] : chosen_) check_write_against_read(version, position);
      break;
    case GhostKind::kStateCopied:
      copies_[event.get("epoch")].push_back(position);
      check_copy(position);
      break;
    case GhostKind::kLeaseGranted:
      leases_.push_back(position);
      for (const auto& [version, state] : chosen_) check_write_against_leases(version, position);
      break;
    default: break;
  }
}

// Durable decisions of one incarnation, in the order they were made (the async file's write
// versions): the promise never goes down, and an acceptance never goes back to an older
// (epoch, version) (§4.4: a lower epoch is refused, a same-epoch older version ignored).
void PaxosChecker::decision(std::size_t position, const GhostRecord& event, Decision made) {
  Node& node = nodes_[event.node];
  const std::uint64_t version = event.get("version");
  auto [it, inserted] = node.by_version.emplace(version, made);
  if (!inserted) return;
  const auto regressed = [&](const Decision& earlier, const Decision& later) {
    if (later.promise < earlier.promise) {
      log_.add("paxos-promise-regressed", {earlier.event, later.event},
          "node " + num(event.node) + " decided under promise " + num(later.promise) +
              " after promising " + num(earlier.promise) + " (§4.4, §8.1 item 15): " +
              log_.at(earlier.event) + " then " + log_.at(later.event));
    }
    if (earlier.accepts && later.accepts &&
        std::tie(later.accepted_epoch, later.next_index) <
            std::tie(earlier.accepted_epoch, earlier.next_index)) {
      log_.add("paxos-accepted-regressed", {earlier.event, later.event},
          "node " + num(event.node) + " accepted (epoch " + num(later.accepted_epoch) +
              ", version " + num(later.next_index) + ") after (epoch " +
              num(earlier.accepted_epoch) + ", version " + num(earlier.next_index) +
              ") (§4.4, §8.1 item 15): " + log_.at(earlier.event) + " then " + log_.at(later.event));
    }
  };
  if (it != node.by_version.begin()) regressed(std::prev(it)->second, it->second);
  if (std::next(it) != node.by_version.end()) regressed(it->second, std::next(it)->second);
  if (made.promise >= node.promise) {
    node.promise = made.promise;
    node.promise_event = position;
  }
}

void PaxosChecker::promised(std::size_t position, const GhostRecord& event) {
  decision(position, event, Decision{event.get("epoch"), 0, 0, false, position});
}

void PaxosChecker::accepted(std::size_t position, const GhostRecord& event) {
  const std::uint64_t epoch = event.get("accepted_epoch");
  const std::uint64_t next_index = event.get("next_index");
  const std::uint64_t hash = event.get("state_hash");
  decision(position, event, Decision{epoch, epoch, next_index, true, position});
  Node& node = nodes_[event.node];
  if (!node.accepted_any ||
      std::tie(epoch, next_index) >= std::tie(node.accepted_epoch, node.next_index)) {
    node.accepted_any = true;
    node.accepted_epoch = epoch;
    node.next_index = next_index;
    node.state_hash = hash;
    node.accepted_event = position;
  }
  // One leader per epoch proposes one state per version (§4.3).
  auto [proposal, first] = proposals_.emplace(std::make_pair(epoch, next_index), position);
  if (!first && stream_[proposal->second].get("state_hash") != hash) {
    log_.add("paxos-conflict", {proposal->second, position},
        "two different states accepted at epoch " + num(epoch) + " version " + num(next_index) +
            " (§8.1 item 15): " + log_.at(proposal->second) + " and " + log_.at(position));
  }
  std::set<std::uint64_t>& voters = acceptors_[{epoch, next_index, hash}];
  voters.insert(event.node);
  const std::uint64_t group = event.get("acceptors");
  if (2 * voters.size() > group && 2 * (voters.size() - 1) <= group) {
    chosen(next_index, hash, position);
  }
}

void PaxosChecker::recovered(std::size_t position, const GhostRecord& event) {
  Node& node = nodes_[event.node];
  node.incarnation += 1;
  node.by_version.clear();  // write versions restart with the incarnation
  const std::uint64_t epoch = event.get("epoch");
  if (epoch < node.promise) {
    log_.add("paxos-promise-lost", {node.promise_event, position},
        "node " + num(event.node) + " recovered with promise " + num(epoch) +
            " after durably promising " + num(node.promise) + " (§5.4, §8.1 item 15): " +
            log_.at(node.promise_event) + " then " + log_.at(position));
  }
  const std::uint64_t accepted_epoch = event.get("accepted_epoch");
  const std::uint64_t next_index = event.get("next_index");
  if (node.accepted_any &&
      (std::tie(accepted_epoch, next_index) < std::tie(node.accepted_epoch, node.next_index) ||
       (accepted_epoch == node.accepted_epoch && next_index == node.next_index &&
        event.get("state_hash") != node.state_hash))) {
    log_.add("paxos-accepted-lost", {node.accepted_event, position},
        "node " + num(event.node) + " recovered at (epoch " + num(accepted_epoch) + ", version " +
            num(next_index) + ") without the state it had durably accepted: " +
            log_.at(node.accepted_event) + " then " + log_.at(position));
  }
  node.promise = std::max(node.promise, epoch);
}

void PaxosChecker::chosen(std::uint64_t next_index, std::uint64_t state_hash,
                          std::size_t position) {
  auto [it, first] = chosen_.emplace(next_index, Chosen{state_hash, position});
  if (!first) {
    if (it->second.state_hash != state_hash) {
      log_.add("chosen-conflict", {it->second.event, position},
          "two different states chosen at version " + num(next_index) +
              ": the chosen states do not form one chain (§8.1 item 15): " +
              log_.at(it->second.event) + " and " + log_.at(position));
    }
    return;
  }
  if (const auto config = config_of_state_.find(state_hash); config != config_of_state_.end()) {
    const GhostRecord& state = stream_[config->second];
    if (state.get("epoch") > state.get("reserved_epoch")) {
      log_.add("epoch-above-reserved", {config->second, position},
          "chosen config state with live epoch " + num(state.get("epoch")) +
              " above its reserved epoch " + num(state.get("reserved_epoch")) +
              " (§8.1 item 8): " + log_.at(config->second));
    }
  }
  // Every chosen state counts, not only the one that wrote the config: when it was decided the
  // live epoch was already its epoch, so the write was decided no later.
  for (std::size_t lease : leases_) check_write_against_leases(next_index, lease);
  for (std::size_t read : reads_) check_write_against_read(next_index, read);
  if (it != chosen_.begin()) check_config_step(std::prev(it)->first, next_index);
  if (std::next(it) != chosen_.end()) check_config_step(next_index, std::next(it)->first);
  note_reservation(next_index);
  note_reservation(next_index + 1);
}

// Versions `version - 1` and `version` chosen, and the reserved epoch grew between them: this
// is the reservation of the new epoch, and the config it holds is the one live at that moment.
void PaxosChecker::note_reservation(std::uint64_t version) {
  if (version == 0) return;
  const auto before = chosen_.find(version - 1);
  const auto after = chosen_.find(version);
  if (before == chosen_.end() || after == chosen_.end()) return;
  const auto from = config_of_state_.find(before->second.state_hash);
  const auto to = config_of_state_.find(after->second.state_hash);
  if (from == config_of_state_.end() || to == config_of_state_.end()) return;
  const std::uint64_t reserved = stream_[to->second].get("reserved_epoch");
  if (reserved <= stream_[from->second].get("reserved_epoch")) return;
  if (!reservations_.emplace(reserved, to->second).second) return;
  if (const auto copies = copies_.find(reserved); copies != copies_.end()) {
    for (const std::size_t copy : copies->second) check_copy(copy);
  }
}

void PaxosChecker::check_copy(std::size_t copy) {
  const GhostRecord& copied = stream_[copy];
  const auto reservation = reservations_.find(copied.get("epoch"));
  if (reservation == reservations_.end()) return;
  const GhostRecord& state = stream_[reservation->second];
  const std::uint64_t members = state.get("members_mask");
  // members_mask covers node ids below 64 (core/vrsm/config.h); an empty config has no member
  // to copy (the first config is installed, not copied).
  if (members == 0 || copied.node >= 64 || (members >> copied.node & 1) != 0) return;
  log_.add("seal-outside-live-config", {reservation->second, copy},
      "node " + num(copied.node) + " gave its state to the admin of epoch " +
          num(copied.get("epoch")) + ", but epoch " + num(copied.get("epoch")) +
          " was reserved while the config of live epoch " + num(state.get("epoch")) +
          " (members mask " + num(members) + ") did not include it: the admin sealed a member " +
          "of a stale config, and the live one keeps committing what the copy lacks (§2.3 "
          "constraint 1): " + log_.at(reservation->second) + " then " + log_.at(copy));
}

// Two chosen states, `before` < `after` in version: the config they hold must only move forward.
void PaxosChecker::check_config_step(std::uint64_t before, std::uint64_t after) {
  const auto a = config_of_state_.find(chosen_.at(before).state_hash);
  const auto b = config_of_state_.find(chosen_.at(after).state_hash);
  if (a == config_of_state_.end() || b == config_of_state_.end()) return;
  const GhostRecord& from = stream_[a->second];
  const GhostRecord& to = stream_[b->second];
  const std::size_t decided = chosen_.at(after).event;
  if (to.get("epoch") < from.get("epoch") || to.get("reserved_epoch") < from.get("reserved_epoch")) {
    log_.add("config-epoch-decreased", {chosen_.at(before).event, decided},
        "the chosen config went from (live " + num(from.get("epoch")) + ", reserved " +
            num(from.get("reserved_epoch")) + ") at version " + num(before) + " to (live " +
            num(to.get("epoch")) + ", reserved " + num(to.get("reserved_epoch")) +
            ") at version " + num(after) + " (§8.1 item 8)");
  }
  if (to.get("epoch") > 0 && to.get("epoch") == from.get("epoch") &&
      to.get("config_hash") != from.get("config_hash")) {
    log_.add("config-rewritten", {chosen_.at(before).event, decided},
        "epoch " + num(to.get("epoch")) + " holds config " + num(from.get("config_hash")) +
            " at version " + num(before) + " and " + num(to.get("config_hash")) +
            " at version " + num(after) + " (§8.1 item 9: one value per epoch)");
  }
  if (to.get("epoch") <= from.get("epoch")) return;
  // A config write happened between the two. The written epoch must be the highest reserved
  // one at write time: the reservation can only have grown since `before`, and a write and a
  // reservation are never one step.
  if (to.get("epoch") < from.get("reserved_epoch") ||
      (after == before + 1 && to.get("epoch") < to.get("reserved_epoch"))) {
    log_.add("config-write-not-reserved", {chosen_.at(before).event, b->second, decided},
        "config of epoch " + num(to.get("epoch")) + " chosen at version " + num(after) +
            " although epoch " + num(std::max(from.get("reserved_epoch"), to.get("reserved_epoch"))) +
            " was reserved (§8.1 item 9): " + log_.at(b->second));
  }
}

// A lease for e < e' granted to a replica was committed before the write of e' in the chain
// (later grants for e are refused), so the writer had to wait until it was over (§2.2).
void PaxosChecker::check_write_against_leases(std::uint64_t write, std::size_t lease) {
  const auto config = config_of_state_.find(chosen_.at(write).state_hash);
  if (config == config_of_state_.end()) return;
  const GhostRecord& state = stream_[config->second];
  const GhostRecord& grant = stream_[lease];
  const std::int64_t decided_ns = state.time_ns;  // the earliest proposal of the chosen state
  if (grant.get("epoch") < state.get("epoch") &&
      static_cast<std::int64_t>(grant.get("expiry_ns")) > decided_ns &&
      reported_leases_.insert(lease).second) {  // once per lease: later chosen states repeat it
    log_.add("config-write-during-lease", {lease, config->second, chosen_.at(write).event},
        "a config state of live epoch " + num(state.get("epoch")) + " decided at t=" +
            num(decided_ns) + " on node " + num(state.node) + " and chosen, while a lease for epoch " +
            num(grant.get("epoch")) + " runs until " + num(grant.get("expiry_ns")) +
            " (§8.1 item 10): " + log_.at(lease));
  }
}

// A read relies on a lease of its epoch, which ends before any later epoch's config is decided
// (§3.2 (ii)); a config write that was never chosen does not count.
void PaxosChecker::check_write_against_read(std::uint64_t write, std::size_t read) {
  const auto config = config_of_state_.find(chosen_.at(write).state_hash);
  if (config == config_of_state_.end()) return;
  const GhostRecord& state = stream_[config->second];
  const GhostRecord& served = stream_[read];
  if (served.get("epoch") < state.get("epoch") && state.time_ns <= served.time_ns &&
      reported_reads_.insert(read).second) {
    log_.add("read-after-later-config", {read, config->second, chosen_.at(write).event},
        "read on node " + num(served.node) + " in epoch " + num(served.get("epoch")) + " at t=" +
            num(served.time_ns) + ", but the config of epoch " + num(state.get("epoch")) +
            " was decided at t=" + num(state.time_ns) + " on node " + num(state.node) +
            " and chosen (§3.2 (ii), §8.1 item 11): " + log_.at(config->second));
  }
}

std::vector<InvariantViolation> check_paxos_invariants(const std::vector<GhostRecord>& events) {
  PaxosChecker checker(events);
  for (std::size_t i = 0; i < events.size(); ++i) checker.observe(i);
  return checker.violations();
}

}  // namespace grove::checkers
