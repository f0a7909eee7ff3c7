#include "scenarios/cluster.h"

#include <stdexcept>

#include "core/apps/vkv/vkv_server.h"
#include "core/vrsm/admin.h"
#include "core/vrsm/config_server.h"

namespace grove::scenarios {

vrsm::Timing sim_timing() {
  vrsm::Timing timing;
  timing.get_state_timeout_ns = 1 * env::kSecond;
  timing.set_state_timeout_ns = 1 * env::kSecond;
  // A lost reply to a client's Apply costs the whole timeout: Go's 5 s is half a run here.
  timing.apply_timeout_ns = 1 * env::kSecond;
  return timing;
}

Cluster::Cluster(sim::World& world, ClusterOptions options)
    : world_(world), options_(std::move(options)) {
  if (options_.config_servers == 0 || options_.initial_replicas == 0) {
    throw std::invalid_argument("a cluster needs at least one config server and one replica");
  }
  // Ids are dense in creation order, so the config group is known before adding its nodes.
  NodeId first = world_.node_count();
  for (std::size_t i = 0; i < options_.config_servers; ++i) config_servers_.push_back(first + i);
  vrsm::ConfigServerOptions config_options;
  config_options.paxos_group = config_servers_;
  config_options.timing = options_.timing;
  for (std::size_t i = 0; i < options_.config_servers; ++i) {
    NodeId id = world_.add_node("config" + std::to_string(i), [config_options](env::Env& env) {
      vrsm::ConfigServer::start(env, config_options);
    });
    if (id != config_servers_[i]) throw std::logic_error("node ids are not dense");
  }
  vrsm::ReplicaOptions replica_options;
  replica_options.timing = options_.timing;
  replica_options.config_servers = config_servers_;
  replica_options.commit_initial_log_on_become_primary = options_.commit_initial_log_on_become_primary;
  std::size_t replica_count = options_.initial_replicas + options_.spare_replicas;
  for (std::size_t i = 0; i < replica_count; ++i) {
    replicas_.push_back(world_.add_node("replica" + std::to_string(i), [replica_options](env::Env& env) {
      apps::vkv::start_vkv_replica(env, replica_options);
    }));
  }
  for (std::size_t i = 0; i < options_.clients; ++i) {
    clients_.push_back(world_.add_node("client" + std::to_string(i), [](env::Env&) {}));
  }
  admin_ = world_.add_node("admin", [](env::Env&) {});
}

vrsm::Config Cluster::initial_members() const {
  return vrsm::Config(replicas_.begin(), replicas_.begin() + options_.initial_replicas);
}

void Cluster::start() {
  for (NodeId node : config_servers_) world_.start(node);
  for (NodeId node : replicas_) world_.start(node);
  for (NodeId node : clients_) world_.start(node);
  world_.start(admin_);
}

bool Cluster::run_until(const std::function<bool()>& done, DurationNs within) {
  return world_.run_until_condition(done, world_.now() + within);
}

std::shared_ptr<AdminAction> Cluster::spawn_admin(
    std::function<void(env::Env&, AdminAction&)> body) {
  auto action = std::make_shared<AdminAction>();
  env::Env& env = world_.env(admin_);
  world_.spawn(admin_, "admin", [action, body, &env] {
    body(env, *action);
    action->done = true;
  });
  return action;
}

bool Cluster::bootstrap(DurationNs within) {
  vrsm::Timing timing = options_.timing;
  std::vector<NodeId> config_servers = config_servers_;
  vrsm::Config members = initial_members();
  auto action = spawn_admin([timing, config_servers, members](env::Env& env, AdminAction& out) {
    // No automatic election (§4.5): trigger one, retrying until it wins.
    while ((out.paxos_err = vrsm::make_config_leader(env, config_servers[0], timing)) !=
           vrsm::PaxosErr::kNone) {
      env.clock.sleep(timing.config_retry_backoff_ns);
    }
    vrsm::Admin admin(env, config_servers, timing);
    out.err = admin.initialize_system(members);
  });
  bool done = run_until([action] { return action->done; }, within);
  bootstrap_err_ = action->err;
  return done && action->err == vrsm::Err::kNone;
}

std::shared_ptr<AdminAction> Cluster::start_reconfiguration(vrsm::Config servers) {
  vrsm::Timing timing = options_.timing;
  std::vector<NodeId> config_servers = config_servers_;
  return spawn_admin([timing, config_servers, servers](env::Env& env, AdminAction& out) {
    vrsm::Admin admin(env, config_servers, timing);
    out.err = admin.reconfigure(servers);
  });
}

bool Cluster::reconfigure(vrsm::Config servers, DurationNs within) {
  auto action = start_reconfiguration(std::move(servers));
  return run_until([action] { return action->done; }, within) && action->err == vrsm::Err::kNone;
}

std::shared_ptr<AdminAction> Cluster::start_heal(std::size_t leader_index, vrsm::Config servers) {
  vrsm::Timing timing = options_.timing;
  std::vector<NodeId> config_servers = config_servers_;
  NodeId leader = config_servers_.at(leader_index);
  return spawn_admin([timing, config_servers, leader, servers](env::Env& env, AdminAction& out) {
    while ((out.paxos_err = vrsm::make_config_leader(env, leader, timing)) !=
           vrsm::PaxosErr::kNone) {
      env.clock.sleep(timing.config_retry_backoff_ns);
    }
    // Paxos has no election of its own (§4.5): if the leader steps down before the
    // reconfiguration is through (a follower had promised a higher epoch to a candidate that
    // then crashed), only another trigger gets a leader again. Keep triggering until done; on a
    // leader that leads, a trigger is a no-op. A lost election only raises the candidate's own
    // promise by one, so catching up with higher promises may take a few triggers: keep them
    // frequent enough to fit the liveness bound.
    auto done = std::make_shared<bool>(false);
    env.tasks.spawn("heal_election", [&env, timing, leader, done] {
      for (;;) {
        env.clock.sleep(100 * env::kMillisecond);
        if (*done) return;
        vrsm::make_config_leader(env, leader, timing);
      }
    });
    vrsm::Admin admin(env, config_servers, timing);
    out.err = admin.reconfigure(servers);
    *done = true;
  });
}

std::shared_ptr<AdminAction> Cluster::start_make_config_leader(std::size_t index) {
  vrsm::Timing timing = options_.timing;
  NodeId server = config_servers_.at(index);
  return spawn_admin([timing, server](env::Env& env, AdminAction& out) {
    // A lost election still raised the candidate's own promise, so a retry asks for a higher
    // epoch and eventually outbids every earlier candidate (Paxos has no election of its own).
    for (int attempt = 0; attempt < 20; ++attempt) {
      out.paxos_err = vrsm::make_config_leader(env, server, timing);
      if (out.paxos_err == vrsm::PaxosErr::kNone) break;
      env.clock.sleep(timing.config_retry_backoff_ns);
    }
    out.err = out.paxos_err == vrsm::PaxosErr::kNone ? vrsm::Err::kNone : vrsm::Err::kNotLeader;
  });
}

bool Cluster::make_config_leader(std::size_t index, DurationNs within) {
  auto action = start_make_config_leader(index);
  return run_until([action] { return action->done; }, within) &&
         action->paxos_err == vrsm::PaxosErr::kNone;
}

void Cluster::spawn_client(std::size_t client, std::function<void(ClientSession&)> body) {
  NodeId node = clients_.at(client);
  world_.spawn(node, "client_session", [this, client, body] {
    ClientSession session(*this, client);
    body(session);
  });
}

// ---- ClientSession --------------------------------------------------------------------

ClientSession::ClientSession(Cluster& cluster, std::size_t client)
    : cluster_(cluster), client_(client), session_(cluster.begin_session()) {}

env::Env& ClientSession::env() { return cluster_.world().env(cluster_.clients()[client_]); }

std::optional<std::string> ClientSession::run(OpRecord record) {
  if (!clerk_) {
    clerk_ = std::make_unique<apps::vkv::Clerk>(env(), cluster_.config_servers(),
                                                cluster_.options().timing,
                                                cluster_.options().client_give_up_after_ns);
  }
  record.client = client_;
  record.session = session_;
  record.invoke_ns = cluster_.world().now();
  std::size_t slot = cluster_.history().size();
  cluster_.mutable_history().push_back(record);
  vrsm::ClientResult result;
  switch (record.kind) {
    case OpKind::kPut: result = clerk_->put(record.key, record.value); break;
    case OpKind::kGet: result = clerk_->get(record.key); break;
    case OpKind::kCondPut: result = clerk_->cond_put(record.key, record.expect, record.value); break;
  }
  if (result.err != vrsm::Err::kNone) return std::nullopt;  // unknown outcome
  OpRecord& done = cluster_.mutable_history()[slot];
  done.output = result.reply;
  done.return_ns = cluster_.world().now();
  return result.reply;
}

std::optional<std::string> ClientSession::put(const std::string& key, const std::string& value) {
  OpRecord record;
  record.kind = OpKind::kPut;
  record.key = key;
  record.value = value;
  return run(std::move(record));
}

std::optional<std::string> ClientSession::get(const std::string& key) {
  OpRecord record;
  record.kind = OpKind::kGet;
  record.key = key;
  return run(std::move(record));
}

std::optional<std::string> ClientSession::cond_put(const std::string& key,
                                                   const std::string& expect,
                                                   const std::string& value) {
  OpRecord record;
  record.kind = OpKind::kCondPut;
  record.key = key;
  record.expect = expect;
  record.value = value;
  return run(std::move(record));
}

}  // namespace grove::scenarios
