#include "scenarios/bug_catalog.h"

namespace grove::scenarios {

namespace {

using env::Bug;

BugInfo bug(std::string_view id, Bug flag, std::string_view family, std::string_view breaks,
            std::string_view scenario, std::string_view checker) {
  return BugInfo{id, flag, family, breaks, scenario, checker};
}

std::vector<BugInfo> make_catalog() {
  std::vector<BugInfo> c;
  // ---- replication (§1) --------------------------------------------------------------------
  c.push_back(bug("R1", Bug::R1, "replication",
                  "primary replies after one backup ack, not all: an acked write may be missing "
                  "from the member a reconfiguration seals",
                  "vkv-reconfig", "linearizability, replication/commit-not-accepted"));
  c.push_back(bug("R2", Bug::R2, "replication",
                  "primary replies before its own append is durable: a crash right after the "
                  "reply forgets an acked write",
                  "vkv-durability", "replication/ack-not-durable"));
  c.push_back(bug("R3", Bug::R3, "replication",
                  "backup acks before its entry is durable: a crash right after the ack loses "
                  "an acked write",
                  "vkv-durability", "replication/ack-not-durable, replication/durable-entry-lost"));
  c.push_back(bug("R4", Bug::R4, "replication",
                  "backup takes ApplyAsBackup of any epoch: an old primary writes into a new "
                  "epoch's log",
                  "vkv-reconfig", "replication/commit-not-accepted"));
  c.push_back(bug("R5", Bug::R5, "replication",
                  "sealed backup still acks: the old epoch commits after its state was copied",
                  "vkv-reconfig", "linearizability, replication/commit-not-accepted"));
  c.push_back(bug("R6", Bug::R6, "replication",
                  "backup applies an early arrival in the next free slot instead of waiting",
                  "vkv-reconfig", "replication/log-agreement, exactly-once/executed-twice"));
  c.push_back(bug("R7", Bug::R7, "replication",
                  "backup answers None to a duplicate ApplyAsBackup before the entry is durable",
                  "vkv-durability", "replication/ack-not-durable"));
  c.push_back(bug("R8", Bug::R8, "replication",
                  "SetState of the current epoch reinstalls the snapshot, wiping entries "
                  "accepted since (needs a SetState delivered late: the late duplicates of the "
                  "generic swarm)",
                  "vkv", "replication/durable-entry-lost, replication/epoch-state-diverged"));
  c.push_back(bug("R9", Bug::R9, "replication",
                  "GetState copies without sealing: the old epoch keeps committing",
                  "vkv-reconfig", "replication/state-not-sealed, linearizability"));
  c.push_back(bug("R10", Bug::R10, "replication",
                  "BecomePrimary accepted twice per epoch (canBecomePrimary ignored)",
                  "vkv-reconfig", "replication/unique-primary, replication/commit-not-accepted"));
  c.push_back(bug("R11", Bug::R11, "replication",
                  "primary raises the commit index before the backups accepted the entry",
                  "vkv", "replication/commit-not-accepted"));
  c.push_back(bug("R12", Bug::R12, "replication",
                  "GetState reports next_index one short of the sealed log (grovesim's own)",
                  "vkv-reconfig", "replication/sealed-state-mismatch"));
  // ---- reconfiguration and config service (§2) ----------------------------------------------
  c.push_back(bug("C1", Bug::C1, "reconfiguration",
                  "admin copies an old member's state without sealing it",
                  "vkv-reconfig", "replication/state-not-sealed, linearizability"));
  c.push_back(bug("C2", Bug::C2, "reconfiguration",
                  "BecomePrimary before TryWriteConfig: new-epoch writes while old leases run",
                  "vkv-reconfig", "lease/read-after-later-epoch, replication/acked-write-lost, linearizability"));
  c.push_back(bug("C3", Bug::C3, "reconfiguration",
                  "TryWriteConfig ignores reservedEpoch: an older reservation writes its config",
                  "vkv-reconfig", "config/config-write-not-reserved, config/config-rewritten"));
  c.push_back(bug("C4", Bug::C4, "reconfiguration",
                  "admin takes the old config from a weak GetConfig, not the reservation",
                  "vkv-config", "config/seal-outside-live-config"));
  c.push_back(bug("C5", Bug::C5, "reconfiguration",
                  "admin writes the config although some SetState failed",
                  "vkv-crashes", "linearizability, replication/acked-write-lost"));
  c.push_back(bug("C6", Bug::C6, "reconfiguration",
                  "GetLease grants for any epoch, also while a config change waits",
                  "vkv-reconfig", "lease/config-write-during-lease"));
  c.push_back(bug("C7", Bug::C7, "reconfiguration",
                  "lease granted although its Paxos commit failed (deposed config leader)",
                  "vkv-config", "lease/config-write-during-lease"));
  c.push_back(bug("C8", Bug::C8, "reconfiguration",
                  "config service compares lease expiry with hi instead of lo",
                  "vkv-reconfig", "lease/config-write-during-lease"));
  // ---- leases and reads (§3) ----------------------------------------------------------------
  c.push_back(bug("L1", Bug::L1, "lease",
                  "read served without the lease expiry check",
                  "vkv-leases", "lease/read-after-lease-expiry"));
  c.push_back(bug("L2", Bug::L2, "lease",
                  "lease check uses lo instead of hi: a clock behind true time reads past L",
                  "vkv-leases", "lease/read-after-lease-expiry"));
  BugInfo l3 = bug("L3", Bug::L3, "lease",
                   "lease installed without checking the replica is still in the epoch it asked "
                   "about (believed benign)",
                   "vkv-reconfig", "none (negative control)");
  l3.negative_control = true;
  c.push_back(l3);
  c.push_back(bug("L4", Bug::L4, "lease",
                  "read returns without waiting for its version to commit",
                  "vkv-reconfig", "linearizability"));
  c.push_back(bug("L5", Bug::L5, "lease",
                  "exactly-once layer tags writes with index, not index + 1: reads wait one op "
                  "too little",
                  "vkv-reconfig", "linearizability"));
  BugInfo l6{"L6", std::nullopt, "lease",
             "clock offsets beyond the advertised uncertainty, correct protocol (no flag)",
             "clock-unsafe", "lease/config-write-during-lease, lease/read-*"};
  c.push_back(l6);
  // ---- Paxos under the config service (§4) --------------------------------------------------
  c.push_back(bug("P1", Bug::P1, "paxos",
                  "acceptor replies to enterNewEpoch before its promise is durable",
                  "vkv-config", "paxos/paxos-promise-lost"));
  c.push_back(bug("P2", Bug::P2, "paxos",
                  "new leader keeps its own state, not the majority's most recent one",
                  "vkv-config", "paxos/chosen-conflict, config/config-epoch-decreased"));
  c.push_back(bug("P3", Bug::P3, "paxos",
                  "candidate counts every reply, refusals included, toward its majority",
                  "vkv-config", "paxos/paxos-conflict, paxos/paxos-accepted-regressed"));
  c.push_back(bug("P4", Bug::P4, "paxos",
                  "follower accepts a lower epoch or a lower version in its epoch",
                  "vkv-config", "paxos/paxos-accepted-regressed, config/config-epoch-decreased"));
  c.push_back(bug("P5", Bug::P5, "paxos",
                  "acceptor recovers its promise as its accepted epoch, forgetting a higher "
                  "durable promise (grovesim's own)",
                  "vkv-config", "paxos/paxos-promise-lost"));
  // ---- storage (§5) -------------------------------------------------------------------------
  c.push_back(bug("S1", Bug::S1, "storage",
                  "GetState returns before the seal record is durable",
                  "vkv-durability", "replication/seal-lost"));
  c.push_back(bug("S2", Bug::S2, "storage",
                  "recovery ignores the seal record",
                  "vkv-durability", "replication/seal-lost, replication/accepted-after-seal"));
  c.push_back(bug("S3", Bug::S3, "storage",
                  "SetState rewrites the log file in place (empty, then append), not atomically",
                  "vkv-durability", "replication/epoch-decreased, linearizability"));
  c.push_back(bug("S4", Bug::S4, "storage",
                  "append wait returns when the previous batch is durable (off by one batch)",
                  "vkv-durability", "replication/seal-lost, replication/durable-entry-lost"));
  // ---- exactly-once (§6) --------------------------------------------------------------------
  c.push_back(bug("E1", Bug::E1, "exactly-once",
                  "dedup tables left out of the snapshot: retries re-execute after a "
                  "reconfiguration",
                  "vkv-reconfig", "exactly-once/executed-twice"));
  c.push_back(bug("E2", Bug::E2, "exactly-once",
                  "dedup compares seq with > instead of >=: a copy of the latest request "
                  "re-executes",
                  "vkv", "exactly-once/executed-twice"));
  c.push_back(bug("E3", Bug::E3, "exactly-once",
                  "nextCID left out of the snapshot: client ids are handed out twice",
                  "vkv-reconfig", "exactly-once/cid-issued-twice, linearizability"));
  c.push_back(bug("E4", Bug::E4, "exactly-once",
                  "reply cache not restored with the snapshot: a retry after a state transfer "
                  "is answered with an empty reply (grovesim's own)",
                  "vkv-reconfig", "exactly-once/duplicate-reply-differs"));
  // ---- applications (§7), implemented in core/apps by their owner ---------------------------
  c.push_back(bug("A1", Bug::A1, "application",
                  "cachekv Get trusts the cache while lo < lease instead of hi < lease",
                  "cachekv", "cachekv/cache-not-linearizable"));
  c.push_back(bug("A2", Bug::A2, "application",
                  "cachekv Put does not wait for the old lease to end",
                  "cachekv", "cachekv/put-during-lease"));
  c.push_back(bug("A3", Bug::A3, "application",
                  "cachekv GetAndCache may shorten a lease",
                  "cachekv", "cachekv/put-during-lease"));
  c.push_back(bug("A4", Bug::A4, "application",
                  "lock acquired with a blind Put instead of CondPut",
                  "lock", "lock/two-holders"));
  c.push_back(bug("A5", Bug::A5, "application",
                  "bank audit releases each lock right after reading its account",
                  "bank", "bank/audit-total"));
  c.push_back(bug("A6", Bug::A6, "application",
                  "bank transfer takes only one of its two locks",
                  "bank", "bank/audit-total"));
  BugInfo a7 = bug("A7", Bug::A7, "application",
                   "bank transfers lock in argument order: deadlock (liveness only)",
                   "bank-steady", "bank/slow-operation (bounded progress)");
  a7.liveness_only = true;
  c.push_back(a7);
  return c;
}

}  // namespace

const std::vector<BugInfo>& bug_catalog() {
  static const std::vector<BugInfo> catalog = make_catalog();
  return catalog;
}

std::string_view generic_scenario(const BugInfo& bug) {
  if (!bug.flag) return bug.scenario;
  if (bug.family != "application") return "vkv";
  for (std::string_view app : {"cachekv", "lock", "bank"}) {
    if (bug.scenario.starts_with(app)) return app;  // bank-steady: the bank's
  }
  return bug.scenario;
}

const BugInfo* find_bug(std::string_view id) {
  for (const BugInfo& info : bug_catalog()) {
    if (info.id == id) return &info;
  }
  return nullptr;
}

bool is_liveness(const Violation& violation) {
  // The after-heal progress check, and the apps' bounded-progress rule (an operation slower
  // than the scenario's bound, e.g. a deadlock that only lock leases break).
  return violation.checker == "liveness" || violation.rule == "slow-operation";
}

bool finds(const BugInfo& bug, const Violation& violation) {
  return bug.liveness_only ? is_liveness(violation) : !is_liveness(violation);
}

}  // namespace grove::scenarios
