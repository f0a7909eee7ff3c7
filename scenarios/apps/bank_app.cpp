// The bank as an App: two vKV clusters (data, locks), BankWorkload, check_bank ("bank" model,
// conservation); after heal an audit locking every account must complete.
#include <optional>

#include "checkers/apps/bank_checker.h"
#include "checkers/apps/bank_history.h"
#include "scenarios/app.h"
#include "scenarios/apps/app_runs.h"

namespace grove::scenarios {

namespace {

class BankApp final : public App {
 public:
  explicit BankApp(apps::BankWorkloadOptions options) : options_(std::move(options)) {}

  std::string name() const override { return "bank"; }
  bool with_locks() const override { return true; }
  void start(apps::AppDeployment& deployment) override { workload_.emplace(deployment, options_); }
  void spawn(std::size_t client) override { workload_->spawn(client); }
  void spawn_all() override { workload_->spawn_all(); }
  bool finished() const override { return workload_->finished(); }
  std::vector<std::uint64_t> ops_started() const override { return workload_->ops_started(); }
  std::string after_heal(DurationNs within_ns) override {
    return workload_->final_audit(0, within_ns) ? ""
                                                : "after heal, no audit could lock every account";
  }

  bool spawn_steady_round() override {
    workload_->spawn_steady_round();
    return true;
  }

  std::string check(const apps::AppRunOptions& options, TimeNs heal_ns, TimeNs steady_ns,
                    TimeNs end_ns, apps::AppRunResult& result) override {
    result.history = workload_->history();
    checkers::apps::BankCheckOptions check;
    check.total = options_.bank.total;
    check.heal_ns = heal_ns;
    check.progress_bound_ns = options.progress_bound_ns;
    // Under faults only the steady round is bounded; a fault-free run is bounded throughout.
    if (options.steady_round && !options.bound_every_op) {
      check.bounded_from_ns = steady_ns >= 0 ? steady_ns : end_ns;
    }
    check.end_ns = end_ns;
    check.linearizability_options.max_steps = options.check_budget_steps;
    result.check = checkers::apps::check_bank(result.history, check);
    std::size_t transfers = 0;
    std::size_t committed = 0;
    std::size_t aborted = 0;
    std::size_t audits = 0;
    for (const auto& op : result.history.operations) {
      if (op.name == "transfer") {
        transfers += 1;
        committed += op.output == "ok";
        aborted += op.output == std::string(checkers::apps::kBankAborted);
      }
      audits += op.name == "audit" && op.output && *op.output != checkers::apps::kBankAborted;
    }
    return "transfers=" + std::to_string(transfers) + " committed=" + std::to_string(committed) +
           " aborted=" + std::to_string(aborted) + " audits=" + std::to_string(audits);
  }

 private:
  apps::BankWorkloadOptions options_;
  std::optional<apps::BankWorkload> workload_;
};

}  // namespace

std::unique_ptr<App> make_bank_app(const apps::BankWorkloadOptions& workload) {
  return std::make_unique<BankApp>(workload);
}

}  // namespace grove::scenarios
