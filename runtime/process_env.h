// The Env of one node running as a real process (or one caller in a driver process): every
// env interface over the OS, on one EventLoop. The runtime twin of sim/node_env.h.
//
//   clock:  CLOCK_REALTIME plus an offset a campaign driver may set (within the uncertainty),
//           as the interval [t - ε, t + ε]. Realtime, not monotonic: it is the clock that
//           nodes on different machines share, and on one machine every process reads the
//           same one, so it is also the true time that ghost events are stamped with.
//   random: a generator seeded from the OS.
//   ghost:  one JSON line per event, in the trace format traces/ghost_jsonl.h reads, written
//           with write(2) as it happens, so a SIGKILL loses none of those already emitted.
//
// Control methods (kControl*) are served by the runtime itself, beside the protocol's, so a
// campaign driver can partition a node or shift its clock without any change to core/.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include "core/env/env.h"
#include "runtime/event_loop.h"
#include "runtime/file_disk.h"
#include "runtime/tcp_network.h"

namespace grove::runtime {

// Runtime control methods (far above the protocol's method numbers).
inline constexpr std::uint64_t kControlBlockPeers = 0xC0DE'0000'0000'0001;  // args: u64 list
inline constexpr std::uint64_t kControlClockOffset = 0xC0DE'0000'0000'0002;  // args: i64 ns
inline constexpr std::uint64_t kControlPing = 0xC0DE'0000'0000'0003;

struct ProcessEnvOptions {
  env::NodeId self = 0;
  std::string data_directory;  // "" for a caller without a disk
  env::DurationNs clock_uncertainty_ns = 1 * env::kMillisecond;
  std::string ghost_log_path;  // "" for none
  env::BugSet bugs;
  env::DurationNs group_commit_delay_ns = 0;  // the log's commit delay (env::Disk)
};

class ProcessEnv final : public env::Clock,
                         public env::Tasks,
                         public env::Random,
                         public env::Ghost {
 public:
  ProcessEnv(EventLoop& loop, ProcessEnvOptions options);
  ~ProcessEnv() override;

  env::Env& env() { return env_; }
  EventLoop& loop() { return loop_; }
  TcpNetwork& network() { return network_; }
  // "" or why the ghost log could not be opened.
  const std::string& open_error() const { return open_error_; }

  env::TimeRange now() override;
  void sleep(env::DurationNs duration_ns) override;

  void spawn(std::string_view name, std::function<void()> body) override;
  void yield() override;
  std::unique_ptr<env::MutexImpl> make_mutex() override;
  std::unique_ptr<env::CondVarImpl> make_condvar() override;

  std::uint64_t next() override;
  std::uint64_t below(std::uint64_t bound) override;

  void emit(const env::GhostEvent& event) override;
  void cover(std::string_view) override {}

  // Registers the control methods (for nodes a driver may steer).
  void serve_control();

 private:
  class NoDisk;

  EventLoop& loop_;
  ProcessEnvOptions options_;
  TcpNetwork network_;
  std::unique_ptr<env::Disk> disk_;
  std::mt19937_64 random_;
  std::int64_t clock_offset_ns_ = 0;
  int ghost_fd_ = -1;
  std::uint64_t ghost_index_ = 0;
  std::string open_error_;
  env::Env env_;
};

// CLOCK_REALTIME in nanoseconds: true time of a real run.
env::TimeNs realtime_now_ns();

}  // namespace grove::runtime
