// The config service's Paxos and the config decisions, judged from the acceptors (protocol.md
// §4 and §8.1 items 8, 9, 10, 15): a state is chosen when a majority of acceptors accepted it,
// and config decisions count by the chosen states they are in, never by a leader's own report.
// Online: one event at a time, each violation at the event where it became true.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "checkers/replication_checker.h"
#include "traces/ghost_record.h"

namespace grove::checkers {

// The rules, by name:
//   paxos-promise-regressed   a node's promise went down between two of its durable decisions (15)
//   paxos-accepted-regressed  a node's accepted (epoch, version) went down (15)
//   paxos-promise-lost        a node recovered below a promise it had made durable (15)
//   paxos-accepted-lost       a node recovered without a state it had durably accepted (15)
//   paxos-conflict            two different states accepted at one (epoch, version) (15)
//   chosen-conflict           two different states chosen at one version: the chosen states
//                             do not form one chain (15)
//   config-epoch-decreased    the live or reserved epoch went down along the chosen chain (8)
//   epoch-above-reserved      a chosen state whose live epoch exceeds its reserved epoch (8)
//   config-rewritten          two chosen configs for one epoch (9)
//   config-write-not-reserved a chosen config write of an epoch below the reserved one (9)
//   config-write-during-lease a chosen state of live epoch e' decided while a lease of an epoch
//                             below e' was still running in true time (10)
//   read-after-later-config   a read in epoch e at t, and a chosen state of a live epoch > e
//                             decided at a true time <= t (11)
//   seal-outside-live-config  a replica's state copied for the admin of epoch e, while the
//                             replica was not a member of the config that was live when e was
//                             reserved (the chosen state where the reserved epoch became e):
//                             the admin sealed a member of a stale config (§2.3 constraint 1)
class PaxosChecker {
 public:
  explicit PaxosChecker(const std::vector<traces::GhostRecord>& stream) : stream_(stream) {}

  void observe(std::size_t position);
  const std::vector<InvariantViolation>& violations() const { return log_.violations(); }

 private:
  struct Decision {
    std::uint64_t promise = 0;
    std::uint64_t accepted_epoch = 0;
    std::uint64_t next_index = 0;
    bool accepts = false;  // an acceptance (else a promise)
    std::size_t event = 0;
  };
  struct Node {
    std::uint64_t incarnation = 0;
    std::map<std::uint64_t, Decision> by_version;  // this incarnation's durable decisions
    // Across incarnations: the highest durable promise and acceptance.
    std::uint64_t promise = 0;
    std::size_t promise_event = 0;
    bool accepted_any = false;
    std::uint64_t accepted_epoch = 0;
    std::uint64_t next_index = 0;
    std::uint64_t state_hash = 0;
    std::size_t accepted_event = 0;
  };
  struct Chosen {
    std::uint64_t state_hash = 0;
    std::size_t event = 0;  // the acceptance that made a majority
  };

  void decision(std::size_t position, const traces::GhostRecord& event, Decision made);
  void promised(std::size_t position, const traces::GhostRecord& event);
  void accepted(std::size_t position, const traces::GhostRecord& event);
  void recovered(std::size_t position, const traces::GhostRecord& event);
  void chosen(std::uint64_t next_index, std::uint64_t state_hash, std::size_t position);
  void check_config_step(std::uint64_t before, std::uint64_t after);
  void check_write_against_leases(std::uint64_t next_index, std::size_t lease);
  void check_write_against_read(std::uint64_t next_index, std::size_t read);
  // The reservation step of version `version` (if it is one): the live config's members.
  void note_reservation(std::uint64_t version);
  void check_copy(std::size_t copy);

  const std::vector<traces::GhostRecord>& stream_;
  ViolationLog log_{stream_};
  std::map<std::uint64_t, Node> nodes_;
  // (accepted_epoch, next_index) -> state hash and the first acceptance of it
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::size_t> proposals_;
  std::map<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>, std::set<std::uint64_t>> acceptors_;
  std::map<std::uint64_t, Chosen> chosen_;  // next_index -> the chosen state
  std::map<std::uint64_t, std::size_t> config_of_state_;  // state_hash -> first config_proposed
  std::vector<std::size_t> leases_;  // lease_granted events
  std::vector<std::size_t> reads_;   // read_served events
  // Reserved epoch -> (the chosen config_proposed where the reserved epoch became it), and the
  // state_copied events of each reserved epoch.
  std::map<std::uint64_t, std::size_t> reservations_;
  std::map<std::uint64_t, std::vector<std::size_t>> copies_;
  std::set<std::size_t> reported_leases_;
  std::set<std::size_t> reported_reads_;
};

std::vector<InvariantViolation> check_paxos_invariants(
    const std::vector<traces::GhostRecord>& events);

}  // namespace grove::checkers
