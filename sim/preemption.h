// Preemption: CPU stalls and GC pauses at the seam calls of a task.
//
// Without it a task runs between two blocking calls in zero virtual time and nothing else runs
// in between, so the windows of "read the clock, then act" and "check, then act" are empty.
// With it, every seam call (a clock read, a mutex lock, an RPC send, a disk call, and the moment
// a task wakes from a wait or a sleep) may hold the calling task for a drawn virtual time while
// the node's other tasks run and true time moves on. The stall comes before the operation (the
// clock is read after the stall: what a task does between its clock read and its next seam
// happens at the read's true time), after a wake-up (before the task re-acquires anything), and
// after taking a mutex (a task descheduled while it holds the lock). An unlock never stalls: it
// runs in lock guards' destructors, and a crash during a stall there would have to unwind
// through a noexcept destructor; a stall before the unlock is covered by the one after the
// lock or at the critical section's last seam. The protocol survives it: no safety argument
// rests on how long a step takes, only on clock bounds read at the moment of use (protocol.md
// §3.1, §0.4), and every shared field is read and written under its mutex.
//
// Spurious wake-ups: a condition-variable wait may return without a notify; protocol code must
// re-check its condition in a loop.
//
// Every draw comes from the choice source's "preempt" stream, and none is made while a knob is
// 0, so runs without preemption draw exactly as before.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/env/types.h"
#include "sim/choice_source.h"
#include "sim/options.h"

namespace grove::sim {

class World;
class Node;

enum class Seam : std::uint8_t { kClock, kLock, kLocked, kSend, kDisk, kWake };

std::string_view seam_name(Seam seam);

class Preemption {
 public:
  Preemption(World& world, PreemptionOptions options);

  PreemptionOptions& options() { return options_; }

  // Called by a task of `node` at a seam call: maybe holds it for a drawn delay. No effect
  // outside the node's own running tasks, or while the node crashes (unwinding must not block).
  void at_seam(Node& node, Seam seam);

  // For a condition-variable wait starting now: the true time of a spurious wake-up, or -1.
  env::TimeNs spurious_wakeup_at(Node& node);
  // Records that a wait ended by a spurious wake-up.
  void record_spurious_wakeup(Node& node);

  std::uint64_t stalls() const { return stalls_; }

 private:
  bool may_block(const Node& node) const;

  World& world_;
  PreemptionOptions options_;
  ChoiceSource::Stream& choices_;
  std::uint64_t stalls_ = 0;
};

}  // namespace grove::sim
