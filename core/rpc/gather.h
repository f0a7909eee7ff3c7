// Fan-out helper: runs one task per peer and lets the caller wait for a predicate over the
// replies received so far (protocol.md §1.5 "send to every backup concurrently", §4.4 "wait until
// more than half replied").
//
// The state lives in a shared_ptr held by every task, so a caller that stops waiting early (a
// majority decided) leaves the stragglers running safely; a crash unwinds them all.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/env/tasks.h"

namespace grove::rpc {

template <class Result>
class Gather {
 public:
  // Creates the state and spawns `count` tasks; task i runs `body(i)` and records its result.
  static std::shared_ptr<Gather> spawn(env::Tasks& tasks, std::string_view name,
                                       std::size_t count,
                                       std::function<Result(std::size_t)> body) {
    auto gather = std::shared_ptr<Gather>(new Gather(tasks, count));
    for (std::size_t i = 0; i < count; ++i) {
      tasks.spawn(name, [gather, body, i] {
        Result result = body(i);
        env::Lock lock(gather->mutex_);
        gather->results_[i] = std::move(result);
        ++gather->arrived_;
        gather->changed_.notify_all();
      });
    }
    return gather;
  }

  // Blocks until every task has finished; returns the results in task order.
  std::vector<Result> wait_all() {
    env::Lock lock(mutex_);
    changed_.wait(lock, [&] { return arrived_ == results_.size(); });
    std::vector<Result> out;
    out.reserve(results_.size());
    for (auto& result : results_) out.push_back(*result);
    return out;
  }

  // Blocks until `decided(results)` holds or every task has finished; returns a copy of the
  // results so far (nullopt for tasks still running).
  std::vector<std::optional<Result>> wait_until(
      const std::function<bool(const std::vector<std::optional<Result>>&)>& decided) {
    env::Lock lock(mutex_);
    changed_.wait(lock, [&] { return arrived_ == results_.size() || decided(results_); });
    return results_;
  }

 private:
  Gather(env::Tasks& tasks, std::size_t count)
      : mutex_(tasks), changed_(tasks), results_(count) {}

  env::Mutex mutex_;
  env::CondVar changed_;
  std::vector<std::optional<Result>> results_;
  std::size_t arrived_ = 0;
};

}  // namespace grove::rpc
