// The bank workload (protocol.md §7.4): each app client runs Init, then a mix of transfers
// between random accounts and audits, through a BankClerk over two deployments (balances in
// the data cluster, locks in the lock cluster). It records the bank history (bank_history.h)
// for the conservation checker and the "bank" model.
#pragma once

#include <memory>

#include "core/apps/bank/bank_clerk.h"
#include "scenarios/apps/app_deployment.h"
#include "scenarios/apps/observed_kv.h"
#include "scenarios/apps/op_recorder.h"
#include "scenarios/apps/op_skips.h"

namespace grove::scenarios::apps {

struct BankWorkloadOptions {
  grove::apps::bank::BankOptions bank = default_bank_options();
  int ops_per_client = 20;
  unsigned audit_per_mille = 200;
  std::uint64_t max_amount = 300;  // transfers draw 1..max: some find too little
  DurationNs think_time_max_ns = 10 * env::kMillisecond;
  OpList skip_ops;  // of the workload round, not the steady round (op_skips.h)
  // Sees every call to the data KV and to the lock KV (tests, debugging); may be empty.
  KvObserver data_observer;
  KvObserver lock_observer;

  static grove::apps::bank::BankOptions default_bank_options() {
    grove::apps::bank::BankOptions options;
    options.lock.lease_duration_ns = 500 * env::kMillisecond;
    return options;
  }
};

class BankWorkload {
 public:
  // The deployment must have a lock cluster.
  BankWorkload(AppDeployment& deployment, BankWorkloadOptions options);

  void spawn(std::size_t client);
  void spawn_all();
  bool finished() const;
  // Every client runs ops_per_client more ops (no init): the steady round after the heal.
  void spawn_steady_round();
  // One audit from a fresh task of `client`, retried while it aborts; true if one completed
  // within `within` (every account could be locked again).
  bool final_audit(std::size_t client, DurationNs within);

  const traces::History& history() const;
  // Per client, the ops of the workload round started (left-out ones included).
  const std::vector<std::uint64_t>& ops_started() const;
  const BankWorkloadOptions& options() const { return options_; }

 private:
  struct State;
  void spawn_loop(std::size_t client, bool init);
  AppDeployment& deployment_;
  BankWorkloadOptions options_;
  std::shared_ptr<State> state_;
};

}  // namespace grove::scenarios::apps
