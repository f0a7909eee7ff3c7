#include "traces/trace_recorder.h"

#include "traces/json_reader.h"

#include <cstdio>

namespace grove::traces {

std::string_view trace_kind_name(TraceKind kind) {
  switch (kind) {
    case TraceKind::kSchedule: return "schedule";
    case TraceKind::kSpawn: return "spawn";
    case TraceKind::kTaskEnd: return "task_end";
    case TraceKind::kSend: return "send";
    case TraceKind::kDeliver: return "deliver";
    case TraceKind::kDrop: return "drop";
    case TraceKind::kDuplicate: return "duplicate";
    case TraceKind::kTimeout: return "timeout";
    case TraceKind::kTimer: return "timer";
    case TraceKind::kStart: return "start";
    case TraceKind::kCrash: return "crash";
    case TraceKind::kRestart: return "restart";
    case TraceKind::kPause: return "pause";
    case TraceKind::kResume: return "resume";
    case TraceKind::kPartition: return "partition";
    case TraceKind::kHeal: return "heal";
    case TraceKind::kClock: return "clock";
    case TraceKind::kDisk: return "disk";
    case TraceKind::kGhost: return "ghost";
    case TraceKind::kNote: return "note";
    case TraceKind::kPreempt: return "preempt";
    case TraceKind::kCount: break;
  }
  return "unknown";
}

void TraceRecorder::fold_label_and_fields(const TraceEvent& event) {
  RollingHash label_hash;
  label_hash.fold_bytes(event.label);
  hash_.fold(label_hash.value());
  for (std::size_t i = 0; i < event.field_count; ++i) {
    hash_.fold_bytes(event.fields[i].name);
    hash_.fold(event.fields[i].value);
  }
}

void TraceRecorder::record_extras(const TraceEvent& event) {
  // count_ already counts this event.
  if (jsonl_ != nullptr) *jsonl_ << trace_event_json(event, count_ - 1) << '\n';
  if (keep_prefix_hashes_) prefix_hashes_.push_back(hash_.value());
  if (observer_) observer_(event);
}


std::string trace_event_json(const TraceEvent& event, std::uint64_t index) {
  std::string out;
  out.reserve(128);
  out += "{\"i\":";
  out += std::to_string(index);
  out += ",\"t\":";
  out += std::to_string(event.time_ns);
  out += ",\"kind\":";
  append_json_string(out, trace_kind_name(event.kind));
  if (event.node != kNoNode) {
    out += ",\"node\":";
    out += std::to_string(event.node);
  }
  if (event.peer != kNoNode) {
    out += ",\"peer\":";
    out += std::to_string(event.peer);
  }
  if (event.a != 0) {
    out += ",\"a\":";
    out += std::to_string(event.a);
  }
  if (event.b != 0) {
    out += ",\"b\":";
    out += std::to_string(event.b);
  }
  if (!event.label.empty()) {
    out += ",\"label\":";
    append_json_string(out, event.label);
  }
  if (event.field_count > 0) {
    out += ",\"fields\":{";
    for (std::size_t i = 0; i < event.field_count; ++i) {
      if (i > 0) out += ',';
      append_json_string(out, event.fields[i].name);
      out += ':';
      out += std::to_string(event.fields[i].value);
    }
    out += '}';
  }
  out += '}';
  return out;
}

}  // namespace grove::traces
