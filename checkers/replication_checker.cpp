#include "checkers/replication_checker.h"

#include <algorithm>

#include "checkers/lease_checker.h"

namespace grove::checkers {

namespace {

using traces::GhostKind;
using traces::GhostRecord;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr std::uint64_t kUnknownMembersBit = std::uint64_t{1} << 63;

std::string num(std::uint64_t value) { return std::to_string(value); }

}  // namespace

void ReplicationChecker::observe(std::size_t position) {
  const GhostRecord& event = stream_[position];
  switch (event.type) {
    case GhostKind::kEpochEntered: epoch_entered(position, event); break;
    case GhostKind::kReplicaRecovered: replica_recovered(position, event); break;
    case GhostKind::kSealed: sealed(position, event); break;
    case GhostKind::kBecamePrimary: became_primary(position, event); break;
    case GhostKind::kEntryAccepted: entry_accepted(position, event); break;
    case GhostKind::kEntryDurable: entry_durable(event); break;
    case GhostKind::kBackupAcked: acked(position, event, /*primary=*/false); break;
    case GhostKind::kApplyAcked: acked(position, event, /*primary=*/true); break;
    case GhostKind::kCommitRaised: commit_raised(position, event); break;
    case GhostKind::kConfigProposed: config_proposed(event); break;
    case GhostKind::kRequestExecuted: request_executed(position, event); break;
    case GhostKind::kRequestDeduplicated: request_deduplicated(position, event); break;
    case GhostKind::kCidIssued: cid_issued(position, event); break;
    default: break;
  }
}

void ReplicationChecker::record_durable(Node& node, std::uint64_t epoch, std::uint64_t end) {
  std::uint64_t& durable = node.durable_end[epoch];
  durable = std::max(durable, end);
  if (node.in_epoch && node.epoch == epoch) node.durable_now = std::max(node.durable_now, end);
}

void ReplicationChecker::epoch_entered(std::size_t position, const GhostRecord& event) {
  Node& node = nodes_[event.node];
  const std::uint64_t epoch = event.get("epoch");
  const std::uint64_t next_index = event.get("next_index");
  const std::uint64_t state_hash = event.get("state_hash");
  if (!genesis_known_) {
    // The first epoch anyone enters is the system's initialization: its state is the initial
    // one, copied from no seal.
    genesis_known_ = true;
    genesis_epoch_ = epoch;
  }
  const std::uint64_t highest = std::max(node.highest_entered, node.in_epoch ? node.epoch : 0);
  if ((node.entered_any || node.in_epoch) && epoch < highest) {
    log_.add("epoch-decreased", {position},
        "node " + num(event.node) + " entered epoch " + num(epoch) + " after being in epoch " +
            num(highest) + " (§8.1 item 6): " + log_.at(position));
  }
  if (auto durable = node.durable_end.find(epoch);
      durable != node.durable_end.end() && durable->second > next_index) {
    log_.add("durable-entry-lost", {position},
        "node " + num(event.node) + " re-entered epoch " + num(epoch) + " at next_index " +
            num(next_index) + ", dropping entries up to index " + num(durable->second - 1) +
            " it had made durable there (§1.7: SetState of the current epoch is a no-op): " +
            log_.at(position));
  }
  auto [start, first] = epoch_start_.emplace(epoch, EpochStart{next_index, state_hash, position});
  if (!first && (start->second.next_index != next_index || start->second.state_hash != state_hash)) {
    log_.add("epoch-state-diverged", {start->second.event, position},
        "two different initial states for epoch " + num(epoch) + ": " + log_.at(start->second.event) +
            " and " + log_.at(position) + " (§8.1 items 2, 3: one log per epoch)");
  }
  if (first && epoch != genesis_epoch_) {
    // The admin copies the state of a sealed member of the old config (§2.3 constraint 2); the
    // latest such seal of an older epoch is the source of this epoch's initial log.
    const auto [from, to] = seals_.equal_range({next_index, state_hash});
    for (auto seal = from; seal != to; ++seal) {
      const std::uint64_t sealed_epoch = stream_[seal->second].get("epoch");
      if (sealed_epoch >= epoch) continue;
      if (!start->second.has_source || sealed_epoch > start->second.source_epoch) {
        start->second.has_source = true;
        start->second.source_epoch = sealed_epoch;
      }
    }
    if (!start->second.has_source) {
      log_.add("state-not-sealed", {position},
          "epoch " + num(epoch) + " starts from a state (next_index " + num(next_index) +
              ", hash " + num(state_hash) + ") that no GetState of an older epoch sealed " +
              "(§2.3 constraint 2): " + log_.at(position));
    }
  }
  node.in_epoch = true;
  node.entered_any = true;
  node.epoch = epoch;
  node.next_index = next_index;
  node.highest_entered = std::max(node.highest_entered, epoch);
  node.durable_now = next_index;  // SetState replaced the file durably before this event
  record_durable(node, epoch, next_index);
  entered_members_[epoch].insert(event.node);
  if (first) {
    for (std::size_t ack : acks_) {
      if (stream_[ack].get("epoch") < epoch) check_ack_against_epoch(ack, epoch);
    }
  }
}

void ReplicationChecker::replica_recovered(std::size_t position, const GhostRecord& event) {
  Node& node = nodes_[event.node];
  const std::uint64_t epoch = event.get("epoch");
  const std::uint64_t next_index = event.get("next_index");
  node.incarnation += 1;
  const std::uint64_t highest = std::max(node.highest_entered, node.in_epoch ? node.epoch : 0);
  if (node.in_epoch && epoch < highest) {
    log_.add("epoch-decreased", {position},
        "node " + num(event.node) + " recovered into epoch " + num(epoch) + " after entering epoch " +
            num(highest) + " durably" + (event.get("fresh") == 1 ? " (its log was re-initialised)" : "") +
            " (§8.1 item 6): " + log_.at(position));
  }
  if (auto durable = node.durable_end.find(epoch);
      durable != node.durable_end.end() && durable->second > next_index) {
    log_.add("durable-entry-lost", {position},
        "node " + num(event.node) + " recovered epoch " + num(epoch) + " with next_index " +
            num(next_index) + ", but had made index " + num(durable->second - 1) +
            " durable (or acknowledged it) before the crash (§5.4): " + log_.at(position));
  }
  if (auto seal = node.sealed.find(epoch); seal != node.sealed.end() && event.get("sealed") == 0) {
    log_.add("seal-lost", {seal->second, position},
        "node " + num(event.node) + " recovered unsealed in epoch " + num(epoch) +
            ", which it had sealed: " + log_.at(seal->second) + " then " + log_.at(position) +
            " (§8.1 item 6: the seal is durable before GetState replies)");
  }
  node.in_epoch = true;
  node.epoch = epoch;
  node.next_index = next_index;
  node.durable_now = next_index;
}

void ReplicationChecker::sealed(std::size_t position, const GhostRecord& event) {
  Node& node = nodes_[event.node];
  const std::uint64_t epoch = event.get("epoch");
  const std::uint64_t next_index = event.get("next_index");
  if (node.in_epoch && node.epoch == epoch && node.next_index != next_index) {
    log_.add("sealed-state-mismatch", {position},
        "node " + num(event.node) + " sealed epoch " + num(epoch) + " reporting next_index " +
            num(next_index) + ", but its log holds " + num(node.next_index) +
            " entries (§1.7 GetState): " + log_.at(position));
  }
  seals_.emplace(std::make_pair(next_index, event.get("state_hash")), position);
  node.sealed.emplace(epoch, position);
}

void ReplicationChecker::became_primary(std::size_t position, const GhostRecord& event) {
  const Node& node = nodes_[event.node];
  const std::uint64_t epoch = event.get("epoch");
  // One node in one incarnation may be told twice (a duplicated BecomePrimary): harmless, it is
  // the same log. Another node, or the same one after a restart (it may have forgotten a suffix
  // its backups hold, §1.7), is a second primary.
  const std::uint64_t who = (event.node << 32) | (node.incarnation & 0xffffffffu);
  auto [found, inserted] = primaries_.emplace(epoch, std::make_pair(who, position));
  if (!inserted && found->second.first != who) {
    log_.add("unique-primary", {found->second.second, position},
        "two primaries in epoch " + num(epoch) + ": " + log_.at(found->second.second) + " and " +
            log_.at(position) +
            ((found->second.first >> 32) == event.node ? " (the same node after a restart)" : ""));
  }
}

void ReplicationChecker::entry_accepted(std::size_t position, const GhostRecord& event) {
  Node& node = nodes_[event.node];
  const std::uint64_t epoch = event.get("epoch");
  const std::uint64_t index = event.get("index");
  const std::uint64_t hash = event.get("op_hash");
  if (node.in_epoch && node.epoch == epoch && index != node.next_index) {
    log_.add("accepted-out-of-order", {position},
        "node " + num(event.node) + " accepted index " + num(index) + " of epoch " + num(epoch) +
            " while its log held " + num(node.next_index) + " entries (§1.6, §8.1 item 7): " +
            log_.at(position));
  }
  auto [found, inserted] = entries_.emplace(std::make_pair(epoch, index), position);
  if (!inserted && stream_[found->second].get("op_hash") != hash) {
    log_.add("log-agreement", {found->second, position},
        "different ops at epoch " + num(epoch) + " index " + num(index) + ": " +
            log_.at(found->second) + " and " + log_.at(position));
  }
  held_[{event.node, epoch, index}] = position;
  accepted_by_[{epoch, index}].insert(event.node);
  // A sealed replica accepts nothing more in its epoch, also after a restart: the seal is
  // durable before GetState replies (§5.4), and the admin copied the state on that promise.
  if (auto seal = node.sealed.find(epoch); seal != node.sealed.end()) {
    log_.add("accepted-after-seal", {seal->second, position},
        "node " + num(event.node) + " accepted an entry of epoch " + num(epoch) +
            " after sealing it: " + log_.at(seal->second) + " then " + log_.at(position));
  }
  if (node.in_epoch && node.epoch == epoch) node.next_index = std::max(node.next_index, index + 1);
}

void ReplicationChecker::entry_durable(const GhostRecord& event) {
  record_durable(nodes_[event.node], event.get("epoch"), event.get("index") + 1);
}

void ReplicationChecker::acked(std::size_t position, const GhostRecord& event, bool primary) {
  Node& node = nodes_[event.node];
  const std::uint64_t epoch = event.get("epoch");
  const std::uint64_t index = event.get("index");
  const std::uint64_t hash = event.get("op_hash");
  if (node.in_epoch && node.epoch == epoch && node.durable_now <= index) {
    log_.add("ack-not-durable", {position},
        std::string(primary ? "primary" : "backup") + " node " + num(event.node) +
            " acknowledged index " + num(index) + " of epoch " + num(epoch) +
            " before it was durable there (durable up to " +
            (node.durable_now == 0 ? std::string("none") : num(node.durable_now - 1)) +
            "; §5.4, §8.1 item 7): " + log_.at(position));
  }
  // The ack claims this very op: compare with what this node (else anyone) accepted there.
  std::size_t holder = kNone;
  if (auto held = held_.find({event.node, epoch, index}); held != held_.end()) {
    holder = held->second;
  } else if (auto entry = entries_.find({epoch, index}); entry != entries_.end()) {
    holder = entry->second;
  }
  if (holder != kNone && stream_[holder].get("op_hash") != hash) {
    log_.add("log-agreement", {holder, position},
        "node " + num(event.node) + " acknowledged a different op at epoch " + num(epoch) +
            " index " + num(index) + " than the one held there: " + log_.at(holder) + " and " +
            log_.at(position));
  }
  // An acknowledgement is a durability claim: the node must keep the entry from now on.
  record_durable(node, epoch, index + 1);
  if (!primary) return;
  acks_.push_back(position);
  for (auto later = epoch_start_.upper_bound(epoch); later != epoch_start_.end(); ++later) {
    check_ack_against_epoch(position, later->first);
  }
}

std::size_t ReplicationChecker::op_at(std::uint64_t epoch, std::uint64_t index) const {
  for (;;) {
    const auto start = epoch_start_.find(epoch);
    if (start == epoch_start_.end() || index >= start->second.next_index) {
      const auto entry = entries_.find({epoch, index});
      return entry == entries_.end() ? kNone : entry->second;
    }
    if (!start->second.has_source) return kNone;
    epoch = start->second.source_epoch;
  }
}

void ReplicationChecker::check_ack_against_epoch(std::size_t ack, std::uint64_t later_epoch) {
  const GhostRecord& acked = stream_[ack];
  const std::uint64_t index = acked.get("index");
  const EpochStart& start = epoch_start_.at(later_epoch);
  // Every later epoch, entered before or after the ack: a seal before the ack would have
  // stopped the commit (the sealed member refuses the entry), so no later log may lack it.
  if (start.next_index <= index) {
    log_.add("acked-write-lost", {ack, start.event},
        "op acknowledged at epoch " + num(acked.get("epoch")) + " index " + num(index) +
            " is missing from epoch " + num(later_epoch) + ", which starts at index " +
            num(start.next_index) + " (§8.1 item 4): " + log_.at(ack) + " then " + log_.at(start.event));
    return;
  }
  const std::size_t held = op_at(later_epoch, index);
  if (held != kNone && stream_[held].get("op_hash") != acked.get("op_hash")) {
    log_.add("acked-write-lost", {ack, held, start.event},
        "op acknowledged at epoch " + num(acked.get("epoch")) + " index " + num(index) +
            " was replaced by another op in the log epoch " + num(later_epoch) +
            " inherited (§8.1 item 4): " + log_.at(ack) + "; that log holds " + log_.at(held));
  }
}

void ReplicationChecker::config_proposed(const GhostRecord& event) {
  config_members_.emplace(event.get("epoch"), event.get("members_mask"));
}

void ReplicationChecker::commit_raised(std::size_t position, const GhostRecord& event) {
  const std::uint64_t epoch = event.get("epoch");
  const std::uint64_t committed = event.get("committed_next_index");
  const auto start = epoch_start_.find(epoch);
  if (start == epoch_start_.end()) return;  // epoch 0: nothing appended, nothing to check
  // The members are the epoch's written config; the nodes that entered it stand in for a
  // config never written (the epoch never went live, so nothing of it may commit anyway).
  std::set<std::uint64_t> members = entered_members_[epoch];
  if (auto config = config_members_.find(epoch);
      config != config_members_.end() && (config->second & kUnknownMembersBit) == 0) {
    members.clear();
    for (std::uint64_t node = 0; node < 63; ++node) {
      if ((config->second >> node) & 1) members.insert(node);
    }
  }
  std::uint64_t& verified = verified_commit_[epoch];
  verified = std::max(verified, start->second.next_index);  // the initial log is inherited
  for (std::uint64_t index = verified; index < committed; ++index) {
    const std::set<std::uint64_t>& accepted = accepted_by_[{epoch, index}];
    for (std::uint64_t member : members) {
      if (accepted.count(member) == 0) {
        log_.add("commit-not-accepted", {position},
            "commit index " + num(committed) + " in epoch " + num(epoch) + " covers index " +
                num(index) + " which member node " + num(member) +
                " had not accepted (§8.1 items 3, 5): " + log_.at(position));
        verified = committed;
        return;
      }
    }
  }
  verified = std::max(verified, committed);
}

std::size_t ReplicationChecker::earlier_in_lineage(
    const std::map<std::uint64_t, std::map<std::pair<std::uint64_t, std::uint64_t>, std::size_t>>&
        per_epoch,
    std::uint64_t epoch, std::uint64_t index, std::pair<std::uint64_t, std::uint64_t> key) const {
  bool own_epoch = true;
  std::uint64_t limit = index;
  for (;;) {
    if (const auto in_epoch = per_epoch.find(epoch); in_epoch != per_epoch.end()) {
      if (const auto found = in_epoch->second.find(key); found != in_epoch->second.end()) {
        const std::uint64_t other = stream_[found->second].get("index");
        // In its own epoch any other index is a second copy in the same log; in an ancestor only
        // indices below the copied prefix belong to this log.
        if (own_epoch ? other != index : other < limit) return found->second;
      }
    }
    const auto start = epoch_start_.find(epoch);
    if (start == epoch_start_.end() || !start->second.has_source) return kNone;
    limit = std::min(limit, start->second.next_index);
    epoch = start->second.source_epoch;
    own_epoch = false;
  }
}

void ReplicationChecker::request_executed(std::size_t position, const GhostRecord& event) {
  const Node& node = nodes_[event.node];
  if (!node.in_epoch) return;
  const std::uint64_t index = event.get("index");
  const auto key = std::make_pair(event.get("cid"), event.get("seq"));
  const std::size_t earlier = earlier_in_lineage(executed_, node.epoch, index, key);
  if (earlier != kNone) {
    log_.add("executed-twice", {earlier, position},
        "client " + num(key.first) + " request " + num(key.second) + " executed at index " +
            num(stream_[earlier].get("index")) + " and again at index " + num(index) +
            " of one log (§6.2, §8.1 item 14): " + log_.at(earlier) + " then " + log_.at(position));
  }
  executed_[node.epoch].emplace(key, position);
}

void ReplicationChecker::request_deduplicated(std::size_t position, const GhostRecord& event) {
  const Node& node = nodes_[event.node];
  // Only the latest reply is cached; an older seq gets it too, but its client has moved on.
  if (!node.in_epoch || event.get("cached_seq") != event.get("seq")) return;
  const auto key = std::make_pair(event.get("cid"), event.get("seq"));
  const std::size_t execution = earlier_in_lineage(executed_, node.epoch, event.get("index"), key);
  if (execution != kNone && stream_[execution].get("reply_hash") != event.get("reply_hash")) {
    log_.add("duplicate-reply-differs", {execution, position},
        "client " + num(key.first) + " request " + num(key.second) +
            " answered as a duplicate with another reply than its execution's (§6.2, §8.1 "
            "item 14): " + log_.at(execution) + " then " + log_.at(position));
  }
}

void ReplicationChecker::cid_issued(std::size_t position, const GhostRecord& event) {
  const Node& node = nodes_[event.node];
  if (!node.in_epoch) return;
  const std::uint64_t index = event.get("index");
  const auto key = std::make_pair(event.get("cid"), std::uint64_t{0});
  const std::size_t earlier = earlier_in_lineage(issued_, node.epoch, index, key);
  if (earlier != kNone) {
    log_.add("cid-issued-twice", {earlier, position},
        "client id " + num(key.first) + " issued at index " + num(stream_[earlier].get("index")) +
            " and again at index " + num(index) + " of one log (§6.2, §8.1 item 14): " +
            log_.at(earlier) + " then " + log_.at(position));
  }
  issued_[node.epoch].emplace(key, position);
}

std::string checker_of_rule(const std::string& rule) {
  if (rule == "executed-twice" || rule == "duplicate-reply-differs" || rule == "cid-issued-twice") {
    return "exactly-once";
  }
  if (rule.rfind("paxos-", 0) == 0 || rule == "chosen-conflict") return "paxos";
  // Lease safety (§3.2, §8.1 items 10, 11), even where judged from the config service's states.
  if (rule == "read-after-later-config" || rule == "config-write-during-lease") return "lease";
  if (rule.rfind("config-", 0) == 0 || rule == "epoch-above-reserved" ||
      rule == "seal-outside-live-config") {
    return "config";
  }
  return "replication";
}

std::vector<InvariantViolation> check_replication_invariants(
    const std::vector<GhostRecord>& events) {
  ReplicationChecker checker(events);
  for (std::size_t i = 0; i < events.size(); ++i) checker.observe(i);
  return checker.violations();
}

}  // namespace grove::checkers
