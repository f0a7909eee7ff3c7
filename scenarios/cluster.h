// Builds a Grove vKV cluster on a sim::World (protocol.md §2, §7.1): a Paxos group of config
// servers, replica nodes (the initial members plus spares), client nodes and one admin node.
//
// The driver (a test or the scenario layer) calls World methods from outside the fibers; the
// cluster runs protocol work in tasks of its nodes: the admin node triggers Paxos elections and
// runs reconfigurations, client nodes run vKV sessions that record every operation with its
// true invoke/return times (output unknown if the client crashed or gave up).
//
// Node ids: config servers first, then replicas, then clients, then the admin.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/apps/vkv/vkv_clerk.h"
#include "core/env/env.h"
#include "core/vrsm/config.h"
#include "core/vrsm/error.h"
#include "core/vrsm/paxos_state.h"
#include "core/vrsm/timing.h"
#include "sim/world.h"

namespace grove::scenarios {

using env::DurationNs;
using env::NodeId;
using env::TimeNs;

// The Go constants (protocol.md §9 item 9), with the admin's 10 s GetState/SetState timeouts
// and the client's 5 s Apply timeout cut to 1 s: simulated runs last ~10 s, and a crashed
// sealing candidate or a lost reply should cost one retry, not the whole run.
vrsm::Timing sim_timing();

struct ClusterOptions {
  std::size_t config_servers = 3;
  std::size_t initial_replicas = 3;
  std::size_t spare_replicas = 1;
  std::size_t clients = 3;
  vrsm::Timing timing = sim_timing();
  bool commit_initial_log_on_become_primary = true;
  // Per-op bound for client sessions (0: retry forever like Go). An op that gives up is
  // recorded with an unknown outcome.
  DurationNs client_give_up_after_ns = 0;
};

enum class OpKind : std::uint8_t { kPut, kGet, kCondPut };

struct OpRecord {
  std::size_t client = 0;  // index into Cluster::clients()
  // The ClientSession that ran it: one clerk, so one client id with increasing sequence
  // numbers (a restarted client node starts a new session). See scenarios/vkv_history.h.
  std::uint64_t session = 0;
  OpKind kind = OpKind::kGet;
  std::string key;
  std::string value;   // Put, CondPut
  std::string expect;  // CondPut
  std::optional<std::string> output;  // nullopt: unknown (pending, crashed, gave up)
  TimeNs invoke_ns = 0;
  TimeNs return_ns = -1;  // -1 while unknown
};

// Handle of an admin action running in the admin node.
struct AdminAction {
  bool done = false;
  vrsm::Err err = vrsm::Err::kTimeout;
  vrsm::PaxosErr paxos_err = vrsm::PaxosErr::kTimeout;
};

class Cluster;

// A vKV client used inside one client-node task; records every op into the cluster history.
class ClientSession {
 public:
  ClientSession(Cluster& cluster, std::size_t client);
  std::optional<std::string> put(const std::string& key, const std::string& value);
  std::optional<std::string> get(const std::string& key);
  std::optional<std::string> cond_put(const std::string& key, const std::string& expect,
                                      const std::string& value);
  env::Env& env();

 private:
  std::optional<std::string> run(OpRecord record);

  Cluster& cluster_;
  std::size_t client_;
  std::uint64_t session_;
  std::unique_ptr<::grove::apps::vkv::Clerk> clerk_;  // created on first use (blocks for a client id)
};

class Cluster {
 public:
  // Adds every node (not started).
  Cluster(sim::World& world, ClusterOptions options);

  // Starts every node.
  void start();
  // Makes config server 0 the Paxos leader and runs InitializeSystem with the initial
  // replicas, from the admin node. Runs the world until done or `within` passed.
  bool bootstrap(DurationNs within = 5 * env::kSecond);
  // The admin's result of the last bootstrap (kTimeout if it did not finish).
  vrsm::Err bootstrap_err() const { return bootstrap_err_; }

  // Reconfigures to `servers` from the admin node (retrying with fresh reservations on any
  // error). start_* returns at once; the blocking form runs the world until done or `within`.
  std::shared_ptr<AdminAction> start_reconfiguration(vrsm::Config servers);
  bool reconfigure(vrsm::Config servers, DurationNs within = 10 * env::kSecond);
  // Heals the control plane from the admin node: makes config server `leader_index` the Paxos
  // leader (retrying), then reconfigures to `servers` (retrying).
  std::shared_ptr<AdminAction> start_heal(std::size_t leader_index, vrsm::Config servers);
  // Triggers a Paxos election on config server `index` from the admin node.
  std::shared_ptr<AdminAction> start_make_config_leader(std::size_t index);
  bool make_config_leader(std::size_t index, DurationNs within = 5 * env::kSecond);

  // Runs `body` in a new task of client node `client`.
  void spawn_client(std::size_t client, std::function<void(ClientSession&)> body);

  // Runs the world until `done()` or `within` passed; returns done().
  bool run_until(const std::function<bool()>& done, DurationNs within);

  sim::World& world() { return world_; }
  const ClusterOptions& options() const { return options_; }
  const std::vector<NodeId>& config_servers() const { return config_servers_; }
  const std::vector<NodeId>& replicas() const { return replicas_; }  // initial members first
  vrsm::Config initial_members() const;
  const std::vector<NodeId>& clients() const { return clients_; }
  NodeId admin() const { return admin_; }
  // Every client op so far, in invocation order.
  const std::vector<OpRecord>& history() const { return history_; }
  std::vector<OpRecord>& mutable_history() { return history_; }
  // A new ClientSession's id (0, 1, ...).
  std::uint64_t begin_session() { return sessions_begun_++; }

 private:
  std::shared_ptr<AdminAction> spawn_admin(std::function<void(env::Env&, AdminAction&)> body);

  sim::World& world_;
  ClusterOptions options_;
  std::vector<NodeId> config_servers_;
  std::vector<NodeId> replicas_;
  std::vector<NodeId> clients_;
  NodeId admin_ = 0;
  std::vector<OpRecord> history_;
  std::uint64_t sessions_begun_ = 0;
  vrsm::Err bootstrap_err_ = vrsm::Err::kNone;
};

}  // namespace grove::scenarios
