// The trace event schema: one record per thing that happens in a simulated run.
//
// Events are recorded by reference (no allocation on the hot path): `label` and `fields` must
// stay valid only for the duration of TraceRecorder::record().
#pragma once

#include <cstdint>
#include <string_view>

namespace grove::traces {

enum class TraceKind : std::uint8_t {
  kSchedule,   // node, a = task id: the scheduler resumes a task
  kSpawn,      // node, a = task id, label = task name
  kTaskEnd,    // node, a = task id
  kSend,       // node -> peer, a = message id, b = method, label = "request" | "reply"
  kDeliver,    // node -> peer, a = message id
  kDrop,       // node -> peer, a = message id, label = reason
  kDuplicate,  // node -> peer, a = message id of the copy, b = original message id
  kTimeout,    // node, a = call id: an RPC timed out
  kTimer,      // node, a = task id: a sleep or timed wait expired
  kStart,      // node
  kCrash,      // node
  kRestart,    // node
  kPause,      // node
  kResume,     // node
  kPartition,  // label = shape, a/b = shape-specific (see sim/network.h)
  kHeal,       //
  kClock,      // node, a = offset (two's complement ns), b = uncertainty ns, label = reason
  kDisk,       // node, a = bytes, label = operation ("append", "write", "torn", "lost")
  kGhost,      // node, label = ghost kind, fields
  kNote,       // label = free text from the scenario (workload step, fault plan)
  kPreempt,    // node, a = task id, b = delay ns, label = seam ("clock", "lock", ...): a stall
  kCount,
};

std::string_view trace_kind_name(TraceKind kind);

struct TraceField {
  std::string_view name;
  std::uint64_t value = 0;
};

inline constexpr std::uint64_t kNoNode = ~std::uint64_t{0};

struct TraceEvent {
  std::int64_t time_ns = 0;  // true (virtual) time
  TraceKind kind = TraceKind::kNote;
  std::uint64_t node = kNoNode;
  std::uint64_t peer = kNoNode;
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::string_view label;
  const TraceField* fields = nullptr;
  std::size_t field_count = 0;
};

}  // namespace grove::traces
