// cachekv as an App: one vKV cluster, CacheWorkload, check_cache_freshness ("kv" model + leases).
#include <optional>

#include "checkers/apps/cache_checker.h"
#include "scenarios/app.h"
#include "scenarios/apps/app_runs.h"

namespace grove::scenarios {

namespace {

class CachekvApp final : public App {
 public:
  explicit CachekvApp(apps::CacheWorkloadOptions options) : options_(std::move(options)) {}

  std::string name() const override { return "cachekv"; }
  bool with_locks() const override { return false; }
  void start(apps::AppDeployment& deployment) override { workload_.emplace(deployment, options_); }
  void spawn(std::size_t client) override { workload_->spawn(client); }
  void spawn_all() override { workload_->spawn_all(); }
  bool finished() const override { return workload_->finished(); }
  std::vector<std::uint64_t> ops_started() const override { return workload_->ops_started(); }
  std::string after_heal(DurationNs) override { return ""; }

  std::string check(const apps::AppRunOptions& options, TimeNs, TimeNs, TimeNs,
                    apps::AppRunResult& result) override {
    const checkers::apps::CacheHistory history = workload_->history();
    checkers::LinearizabilityOptions check;
    check.max_steps = options.check_budget_steps;
    result.check = checkers::apps::check_cache_freshness(history, check);
    result.history = history.history;
    return "ops=" + std::to_string(history.history.operations.size()) +
           " cache_hits=" + std::to_string(history.cache_hits.size()) +
           " leases=" + std::to_string(history.grants.size());
  }

 private:
  apps::CacheWorkloadOptions options_;
  std::optional<apps::CacheWorkload> workload_;
};

}  // namespace

std::unique_ptr<App> make_cachekv_app(const apps::CacheWorkloadOptions& workload) {
  return std::make_unique<CachekvApp>(workload);
}

}  // namespace grove::scenarios
