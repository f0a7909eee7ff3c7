#include "cli/worker_pool.h"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <stdexcept>

#include "cli/run_support.h"

namespace grove::cli {

namespace {

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// The worker's loop: read a seed per line, answer one line per seed.
[[noreturn]] void worker_main(int in, int out, const std::function<std::string(std::uint64_t)>& run_seed) {
  std::string buffer;
  char chunk[256];
  for (;;) {
    const std::size_t newline = buffer.find('\n');
    if (newline != std::string::npos) {
      const std::uint64_t seed = std::stoull(buffer.substr(0, newline));
      buffer.erase(0, newline + 1);
      if (!write_all(out, run_seed(seed) + "\n")) ::_exit(0);
      continue;
    }
    const ssize_t n = ::read(in, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ::_exit(0);  // the parent closed the pipe: done
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace

WorkerPool::WorkerPool(std::size_t workers, double seed_timeout_s,
                       std::function<std::string(std::uint64_t)> run_seed)
    : count_(workers == 0 ? 1 : workers), seed_timeout_s_(seed_timeout_s), run_seed_(std::move(run_seed)) {
  ::signal(SIGPIPE, SIG_IGN);
}

WorkerPool::~WorkerPool() {
  for (Worker& worker : workers_) stop(worker, true);
}

void WorkerPool::spawn(Worker& worker) {
  int down[2], up[2];
  if (::pipe(down) != 0 || ::pipe(up) != 0) throw std::runtime_error("pipe() failed");
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork() failed");
  if (pid == 0) {
    ::close(down[1]);
    ::close(up[0]);
    // Close the other workers' pipes inherited from the parent.
    for (Worker& other : workers_) {
      if (other.to_worker >= 0) ::close(other.to_worker);
      if (other.from_worker >= 0) ::close(other.from_worker);
    }
    worker_main(down[0], up[1], run_seed_);
  }
  ::close(down[0]);
  ::close(up[1]);
  worker.pid = pid;
  worker.to_worker = down[1];
  worker.from_worker = up[0];
  worker.seed.reset();
  worker.buffer.clear();
}

void WorkerPool::stop(Worker& worker, bool kill_it) {
  if (worker.pid < 0) return;
  if (worker.to_worker >= 0) ::close(worker.to_worker);
  if (worker.from_worker >= 0) ::close(worker.from_worker);
  if (kill_it) ::kill(worker.pid, SIGKILL);
  int status = 0;
  ::waitpid(worker.pid, &status, 0);
  worker = Worker{};
}

SeedOutcome WorkerPool::reap_dead(Worker& worker, SeedOutcome::Kind kind) {
  SeedOutcome outcome;
  outcome.seed = *worker.seed;
  outcome.kind = kind;
  if (kind == SeedOutcome::Kind::kTimedOut) {
    ::kill(worker.pid, SIGKILL);
    outcome.detail = "exceeded the wall-time limit of " + std::to_string(seed_timeout_s_) + " s";
  }
  int status = 0;
  ::waitpid(worker.pid, &status, 0);
  if (kind == SeedOutcome::Kind::kCrashed) {
    outcome.detail = WIFSIGNALED(status) ? std::string("worker died of signal ") +
                                               std::to_string(WTERMSIG(status)) + " (" +
                                               ::strsignal(WTERMSIG(status)) + ")"
                                         : "worker exited with status " +
                                               std::to_string(WEXITSTATUS(status));
  }
  ::close(worker.to_worker);
  ::close(worker.from_worker);
  worker = Worker{};
  spawn(worker);
  return outcome;
}

long WorkerPool::run(const std::vector<std::uint64_t>& seeds,
                     const std::function<bool(const SeedOutcome&)>& on_outcome) {
  std::deque<std::uint64_t> pending(seeds.begin(), seeds.end());
  workers_.resize(std::min(count_, std::max<std::size_t>(seeds.size(), 1)));
  for (Worker& worker : workers_) spawn(worker);
  std::size_t running = 0;
  bool stopping = false;
  auto assign = [&](Worker& worker) {
    if (stopping || pending.empty()) return;
    worker.seed = pending.front();
    pending.pop_front();
    worker.started_ns = wall_now_ns();
    write_all(worker.to_worker, std::to_string(*worker.seed) + "\n");
    ++running;
  };
  for (Worker& worker : workers_) assign(worker);
  while (running > 0) {
    std::vector<pollfd> fds;
    for (Worker& worker : workers_) fds.push_back({worker.from_worker, POLLIN, 0});
    ::poll(fds.data(), fds.size(), 100);
    for (std::size_t i = 0; i < workers_.size(); ++i) {
      Worker& worker = workers_[i];
      if (!worker.seed) continue;
      std::optional<SeedOutcome> outcome;
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
        char chunk[65536];
        const ssize_t n = ::read(worker.from_worker, chunk, sizeof chunk);
        if (n > 0) {
          worker.buffer.append(chunk, static_cast<std::size_t>(n));
          const std::size_t newline = worker.buffer.find('\n');
          if (newline != std::string::npos) {
            outcome = SeedOutcome{*worker.seed, SeedOutcome::Kind::kResult,
                                  worker.buffer.substr(0, newline), ""};
            worker.buffer.clear();
            worker.seed.reset();
          }
        } else if (n == 0 || errno != EINTR) {
          outcome = reap_dead(worker, SeedOutcome::Kind::kCrashed);
        }
      }
      if (!outcome && worker.seed &&
          wall_ms_since(worker.started_ns) > seed_timeout_s_ * 1000.0) {
        outcome = reap_dead(worker, SeedOutcome::Kind::kTimedOut);
      }
      if (!outcome) continue;
      --running;
      if (!on_outcome(*outcome)) stopping = true;
      assign(worker);
    }
  }
  for (Worker& worker : workers_) stop(worker, false);
  workers_.clear();
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  return usage.ru_maxrss;
}

}  // namespace grove::cli
