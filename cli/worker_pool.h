// A pool of forked worker processes that run seeds. A worker that crashes or overruns its
// wall-time limit costs only its current seed (reported as a failure with that seed); the pool
// forks a replacement and the campaign goes on.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace grove::cli {

struct SeedOutcome {
  std::uint64_t seed = 0;
  enum class Kind { kResult, kCrashed, kTimedOut } kind = Kind::kResult;
  std::string result_line;  // the worker's one-line JSON result (kResult)
  std::string detail;       // how it died (kCrashed / kTimedOut)
};

class WorkerPool {
 public:
  // `run_seed` runs in the worker process and returns one line (no newline) for the parent.
  WorkerPool(std::size_t workers, double seed_timeout_s,
             std::function<std::string(std::uint64_t seed)> run_seed);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs every seed, calling `on_outcome` in the parent as each finishes; stops early when it
  // returns false. Returns the peak resident set size of any worker, in KiB.
  long run(const std::vector<std::uint64_t>& seeds,
           const std::function<bool(const SeedOutcome&)>& on_outcome);

 private:
  struct Worker {
    pid_t pid = -1;
    int to_worker = -1;
    int from_worker = -1;
    std::optional<std::uint64_t> seed;  // the seed it is running
    std::int64_t started_ns = 0;
    std::string buffer;
  };
  void spawn(Worker& worker);
  void stop(Worker& worker, bool kill_it);
  SeedOutcome reap_dead(Worker& worker, SeedOutcome::Kind kind);

  std::size_t count_;
  double seed_timeout_s_;
  std::function<std::string(std::uint64_t)> run_seed_;
  std::vector<Worker> workers_;
};

}  // namespace grove::cli
