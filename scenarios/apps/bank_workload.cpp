#include "scenarios/apps/bank_workload.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "checkers/apps/bank_history.h"
#include "scenarios/apps/recording_kv.h"

namespace grove::scenarios::apps {

namespace bank = grove::apps::bank;

struct BankWorkload::State {
  State(sim::World& world, OpList skip_ops, std::size_t clients)
      : recorder(world, "bank"), skips(std::move(skip_ops), clients) {}
  OpRecorder recorder;
  OpSkips skips;
  std::vector<int> ops_done;
  std::vector<bool> finished;
};

namespace {

// The history's output for an outcome; nullopt for an unknown one.
std::optional<std::string> output_of(bank::BankOutcome outcome) {
  switch (outcome) {
    case bank::BankOutcome::kDone: return "ok";
    case bank::BankOutcome::kSkipped: return "skipped";
    case bank::BankOutcome::kInsufficient: return "insufficient";
    case bank::BankOutcome::kAborted: return std::string(checkers::apps::kBankAborted);
    case bank::BankOutcome::kInvalid: return "invalid";
    case bank::BankOutcome::kTimeout: return std::nullopt;
  }
  return std::nullopt;
}

// Runs one audit and records it; true if it completed.
bool recorded_audit(OpRecorder& recorder, std::size_t client, bank::BankClerk& clerk) {
  const std::size_t op = recorder.invoke(client, "audit", "", {});
  const bank::AuditResult audit = clerk.audit();
  if (audit.outcome == bank::BankOutcome::kDone) {
    std::map<std::string, std::uint64_t> balances;
    for (std::size_t i = 0; i < audit.balances.size(); ++i) {
      balances[clerk.options().accounts[i]] = audit.balances[i];
    }
    recorder.complete(op, checkers::apps::format_balances(balances));
    return true;
  }
  if (auto output = output_of(audit.outcome)) recorder.complete(op, *output);
  return false;
}

}  // namespace

BankWorkload::BankWorkload(AppDeployment& deployment, BankWorkloadOptions options)
    : deployment_(deployment),
      options_(std::move(options)),
      state_(std::make_shared<State>(deployment.world(), options_.skip_ops, deployment.clients().size())) {
  if (deployment.locks() == nullptr) throw std::invalid_argument("the bank needs a lock deployment");
  state_->ops_done.assign(deployment.clients().size(), 0);
  state_->finished.assign(deployment.clients().size(), false);
}

void BankWorkload::spawn_all() {
  for (std::size_t client = 0; client < deployment_.clients().size(); ++client) spawn(client);
}

bool BankWorkload::finished() const {
  return std::all_of(state_->finished.begin(), state_->finished.end(), [](bool done) { return done; });
}

const traces::History& BankWorkload::history() const { return state_->recorder.history(); }

const std::vector<std::uint64_t>& BankWorkload::ops_started() const { return state_->skips.started(); }

void BankWorkload::spawn(std::size_t client) { spawn_loop(client, /*init=*/true); }

void BankWorkload::spawn_steady_round() {
  // Two clients: enough for two transfers to lock a pair in opposite orders; with four, lock
  // contention alone (a chain of waiters) can approach the lease and blur the bound.
  const std::size_t steady_clients = std::min<std::size_t>(2, deployment_.clients().size());
  for (std::size_t client = 0; client < deployment_.clients().size(); ++client) {
    state_->ops_done[client] = 0;
    state_->finished[client] = client >= steady_clients;
    if (client < steady_clients) spawn_loop(client, /*init=*/false);
  }
}

void BankWorkload::spawn_loop(std::size_t client, bool init) {
  const BankWorkloadOptions options = options_;
  const std::vector<NodeId> data_servers = deployment_.data().config_servers();
  const std::vector<NodeId> lock_servers = deployment_.locks()->config_servers();
  const vrsm::Timing timing = deployment_.timing();
  Cluster* data_cluster = &deployment_.data();
  Cluster* lock_cluster = deployment_.locks();
  std::shared_ptr<State> state = state_;
  deployment_.spawn_client(client, [=](env::Env& env) {
    grove::apps::VkvClerkKv data_clerk(env, data_servers, timing);
    grove::apps::VkvClerkKv lock_clerk(env, lock_servers, timing);
    RecordingKv data_recorded(*data_cluster, data_clerk, client, /*one_session=*/true);
    RecordingKv locks_recorded(*lock_cluster, lock_clerk, client, /*one_session=*/true);
    ObservedKv data(env, data_recorded, client, options.data_observer);
    ObservedKv locks(env, locks_recorded, client, options.lock_observer);
    bank::BankClerk clerk(env, data, locks, lock_clerk.cid(), options.bank);
    OpRecorder& recorder = state->recorder;
    const auto& accounts = options.bank.accounts;
    // Every client initialises first (§7.4): the first one puts the total in, the others skip.
    if (init) {
      const std::size_t op = recorder.invoke(client, "init", "", {accounts[0], std::to_string(options.bank.total)});
      if (auto output = output_of(clerk.init())) recorder.complete(op, *output);
    }
    while (state->ops_done[client] < options.ops_per_client) {
      // The steady round leaves nothing out: it judges progress, not the round's ops.
      const bool skipped =
          init && state->skips.start(client, static_cast<std::uint64_t>(state->ops_done[client]));
      if (env.random.below(1000) < options.audit_per_mille) {
        if (!skipped) recorded_audit(recorder, client, clerk);
      } else {
        const std::size_t from = env.random.below(accounts.size());
        const std::size_t to = (from + 1 + env.random.below(accounts.size() - 1)) % accounts.size();
        const std::uint64_t amount = 1 + env.random.below(options.max_amount);
        if (!skipped) {  // a left-out transfer is still drawn
          const std::size_t op = recorder.invoke(client, "transfer", "",
                                                 {accounts[from], accounts[to], std::to_string(amount)});
          if (auto output = output_of(clerk.transfer(accounts[from], accounts[to], amount))) {
            recorder.complete(op, *output);
          }
        }
      }
      state->ops_done[client] += 1;
      if (options.think_time_max_ns > 0) {
        env.clock.sleep(static_cast<DurationNs>(env.random.below(options.think_time_max_ns)));
      }
    }
    state->finished[client] = true;
  });
}

bool BankWorkload::final_audit(std::size_t client, DurationNs within) {
  const BankWorkloadOptions options = options_;
  const std::vector<NodeId> data_servers = deployment_.data().config_servers();
  const std::vector<NodeId> lock_servers = deployment_.locks()->config_servers();
  const vrsm::Timing timing = deployment_.timing();
  std::shared_ptr<State> state = state_;
  Cluster* data_cluster = &deployment_.data();
  Cluster* lock_cluster = deployment_.locks();
  auto done = std::make_shared<bool>(false);
  deployment_.spawn_client(client, [=](env::Env& env) {
    grove::apps::VkvClerkKv data_clerk(env, data_servers, timing);
    grove::apps::VkvClerkKv lock_clerk(env, lock_servers, timing);
    RecordingKv data(*data_cluster, data_clerk, client, /*one_session=*/true);
    RecordingKv locks(*lock_cluster, lock_clerk, client, /*one_session=*/true);
    bank::BankClerk clerk(env, data, locks, lock_clerk.cid(), options.bank);
    while (!recorded_audit(state->recorder, client, clerk)) {
      env.clock.sleep(options.bank.lock.retry_interval_ns);
    }
    *done = true;
  });
  return deployment_.data().run_until([done] { return *done; }, within);
}

}  // namespace grove::scenarios::apps
