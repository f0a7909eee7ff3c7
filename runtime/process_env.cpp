#include "runtime/process_env.h"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "core/env/check.h"
#include "runtime/fiber_sync.h"

namespace grove::runtime {

env::TimeNs realtime_now_ns() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<env::TimeNs>(now.tv_sec) * env::kSecond + now.tv_nsec;
}

// A caller (client, admin, driver) has no data directory: protocol code that touches the disk
// there is a bug.
class ProcessEnv::NoDisk final : public env::Disk {
 public:
  env::Bytes read(std::string_view) override { fail(); }
  void write_atomic(std::string_view, std::string_view) override { fail(); }
  void append(std::string_view, std::string_view) override { fail(); }

 private:
  [[noreturn]] static void fail() {
    GROVE_CHECK(false, "a node without a data directory does not use the disk");
    std::abort();
  }
};

namespace {
std::uint64_t os_seed() {
  std::uint64_t seed = 0;
  if (getrandom(&seed, sizeof seed, 0) != sizeof seed) seed = static_cast<std::uint64_t>(realtime_now_ns());
  return seed;
}
}  // namespace

ProcessEnv::ProcessEnv(EventLoop& loop, ProcessEnvOptions options)
    : loop_(loop),
      options_(std::move(options)),
      network_(loop, options_.self),
      disk_(options_.data_directory.empty()
                ? std::unique_ptr<env::Disk>(new NoDisk())
                : std::unique_ptr<env::Disk>(new FileDisk(loop, options_.data_directory,
                                                                options_.group_commit_delay_ns))),
      random_(os_seed()),
      env_{options_.self, *this, *this, network_, *disk_, *this, *this, options_.bugs} {
  if (!options_.ghost_log_path.empty()) {
    ghost_fd_ = open(options_.ghost_log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (ghost_fd_ < 0) open_error_ = options_.ghost_log_path + ": " + std::strerror(errno);
  }
}

ProcessEnv::~ProcessEnv() {
  if (ghost_fd_ >= 0) close(ghost_fd_);
}

env::TimeRange ProcessEnv::now() {
  const env::TimeNs t = realtime_now_ns() + clock_offset_ns_;
  return env::TimeRange{t - options_.clock_uncertainty_ns, t + options_.clock_uncertainty_ns};
}

void ProcessEnv::sleep(env::DurationNs duration_ns) {
  loop_.park(monotonic_now_ns() + std::max<env::DurationNs>(duration_ns, 0));
}

void ProcessEnv::spawn(std::string_view name, std::function<void()> body) {
  loop_.spawn(name, std::move(body));
}

void ProcessEnv::yield() { loop_.yield(); }

std::unique_ptr<env::MutexImpl> ProcessEnv::make_mutex() { return std::make_unique<FiberMutex>(loop_); }
std::unique_ptr<env::CondVarImpl> ProcessEnv::make_condvar() {
  return std::make_unique<FiberCondVar>(loop_);
}

std::uint64_t ProcessEnv::next() { return random_(); }
std::uint64_t ProcessEnv::below(std::uint64_t bound) {
  GROVE_CHECK(bound > 0, "below() has a positive bound");
  return std::uniform_int_distribution<std::uint64_t>(0, bound - 1)(random_);
}

void ProcessEnv::emit(const env::GhostEvent& event) {
  if (ghost_fd_ < 0) return;
  std::string line = "{\"i\":" + std::to_string(ghost_index_++) +
                     ",\"t\":" + std::to_string(realtime_now_ns()) + ",\"kind\":\"ghost\",\"node\":" +
                     std::to_string(options_.self) + ",\"label\":\"" + std::string(event.kind) +
                     "\",\"fields\":{";
  for (std::size_t i = 0; i < event.field_count; ++i) {
    if (i > 0) line += ',';
    line += '"';
    line += event.fields[i].name;
    line += "\":";
    line += std::to_string(event.fields[i].value);
  }
  line += "}}\n";
  // One write(2) per line, O_APPEND: whole lines even if the process is killed right after.
  [[maybe_unused]] ssize_t written = write(ghost_fd_, line.data(), line.size());
}

void ProcessEnv::serve_control() {
  network_.serve(kControlBlockPeers, [this](env::Bytes args) {
    std::set<env::NodeId> peers;
    for (std::size_t at = 0; at + 8 <= args.size(); at += 8) {
      env::NodeId peer = 0;
      std::memcpy(&peer, args.data() + at, 8);
      peers.insert(peer);
    }
    network_.block(std::move(peers));
    return env::Bytes("ok");
  });
  network_.serve(kControlClockOffset, [this](env::Bytes args) {
    if (args.size() == 8) std::memcpy(&clock_offset_ns_, args.data(), 8);
    return env::Bytes("ok");
  });
  network_.serve(kControlPing, [](env::Bytes) { return env::Bytes("pong"); });
}

}  // namespace grove::runtime
