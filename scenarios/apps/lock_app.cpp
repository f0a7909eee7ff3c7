// The lock service as an App: one vKV cluster, LockWorkload, check_lock_mutual_exclusion and the
// "lock" model; after heal every key must be lockable again.
#include <optional>
#include <vector>

#include "checkers/apps/lock_checker.h"
#include "checkers/model_registry.h"
#include "scenarios/app.h"
#include "scenarios/apps/app_runs.h"

namespace grove::scenarios {

namespace {

class LockApp final : public App {
 public:
  explicit LockApp(apps::LockWorkloadOptions options) : options_(std::move(options)) {}

  std::string name() const override { return "lock"; }
  bool with_locks() const override { return false; }
  void start(apps::AppDeployment& deployment) override { workload_.emplace(deployment, options_); }
  void spawn(std::size_t client) override { workload_->spawn(client); }
  void spawn_all() override { workload_->spawn_all(); }
  bool finished() const override { return workload_->finished(); }
  std::vector<std::uint64_t> ops_started() const override { return workload_->ops_started(); }
  std::string after_heal(DurationNs within_ns) override {
    return workload_->lock_every_key(0, within_ns)
               ? ""
               : "after heal, some lock could not be taken again";
  }

  std::string check(const apps::AppRunOptions& options, TimeNs, TimeNs, TimeNs,
                    apps::AppRunResult& result) override {
    result.check = checkers::apps::check_lock_mutual_exclusion(workload_->possessions());
    result.history = workload_->history();
    checkers::LinearizabilityOptions check;
    check.max_steps = options.check_budget_steps;
    const auto linearizable =
        checkers::check_linearizability(result.history, *checkers::find_model("lock"), check);
    result.check.search_steps = linearizable.steps;
    if (linearizable.verdict == checkers::Verdict::kNotLinearizable ||
        !linearizable.error.empty()) {
      std::vector<std::size_t> ops;
      if (linearizable.explanation) ops.push_back(linearizable.explanation->failing_op);
      std::string message = linearizable.error;
      if (message.empty()) {
        message = ops.empty() ? std::string("lock history not linearizable")
                              : checkers::describe_operation(result.history.operations[ops[0]]) +
                                    " cannot be linearized";
      }
      result.check.violations.push_back({"lock-not-linearizable", ops, message});
      if (linearizable.explanation) result.check.note = linearizable.explanation->text;
    } else if (linearizable.verdict == checkers::Verdict::kInconclusive) {
      result.check.inconclusive = true;
      result.check.note = checkers::describe_exhaustion(linearizable, check);
    }
    return "ops=" + std::to_string(result.history.operations.size()) +
           " possessions=" + std::to_string(workload_->possessions().size()) +
           " takeovers=" + std::to_string(workload_->takeovers());
  }

 private:
  apps::LockWorkloadOptions options_;
  std::optional<apps::LockWorkload> workload_;
};

}  // namespace

std::unique_ptr<App> make_lock_app(const apps::LockWorkloadOptions& workload) {
  return std::make_unique<LockApp>(workload);
}

}  // namespace grove::scenarios
