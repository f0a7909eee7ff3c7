// An application on vKV as the one run pipeline drives it (scenarios/apps/app_runs.h, which
// brings the deployment, the faults, the heal, the protocol checkers and the vKV-level
// linearizability of the KV calls underneath): the shape of its deployment, its workload, what
// must succeed after the heal, and its own checkers over its history. One implementation file
// per app: scenarios/apps/cachekv_app.cpp, lock_app.cpp, bank_app.cpp.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/apps/app_deployment.h"
#include "scenarios/apps/bank_workload.h"
#include "scenarios/apps/cache_workload.h"
#include "scenarios/apps/lock_workload.h"

namespace grove::scenarios {

namespace apps {
struct AppRunOptions;
struct AppRunResult;
}  // namespace apps

class App {
 public:
  virtual ~App() = default;
  virtual std::string name() const = 0;  // "cachekv" | "lock" | "bank": also its checker's name
  // A second vKV deployment for the locks (the bank), beside the data one.
  virtual bool with_locks() const = 0;
  // Builds the workload on `deployment`, before anything runs; the deployment outlives it.
  virtual void start(apps::AppDeployment& deployment) = 0;
  // Starts client `client`'s loop, or resumes it after its node restarted.
  virtual void spawn(std::size_t client) = 0;
  virtual void spawn_all() = 0;
  virtual bool finished() const = 0;
  // Per client, the ops of its workload round started so far, left-out ones included
  // (Workload::skip_ops numbers them): what shrinking may leave out.
  virtual std::vector<std::uint64_t> ops_started() const = 0;
  // After the heal and the workload: a pass that must complete within `within_ns` (every lock
  // taken again, an audit locking every account). "" if it did (or there is none), else what
  // did not: a liveness finding.
  virtual std::string after_heal(DurationNs within_ns) = 0;
  // The steady round, after the heal pass: every client runs its workload again with no fault
  // left, so the app's bounded-progress rule can judge every op of it (a deadlock that lease
  // expiry resolves is otherwise hidden by the faults around it). false: the app has none.
  virtual bool spawn_steady_round() { return false; }
  // The app's checkers over its history: fills result.check and result.history. `heal_ns` is
  // -1 if the run stopped before its heal; `steady_ns` when the steady round began (-1: none).
  // Returns numbers for the run's summary line.
  virtual std::string check(const apps::AppRunOptions& options, TimeNs heal_ns, TimeNs steady_ns,
                            TimeNs end_ns, apps::AppRunResult& result) = 0;
};

std::unique_ptr<App> make_cachekv_app(const apps::CacheWorkloadOptions& workload = {});
std::unique_ptr<App> make_lock_app(const apps::LockWorkloadOptions& workload = {});
std::unique_ptr<App> make_bank_app(const apps::BankWorkloadOptions& workload = {});

}  // namespace grove::scenarios
