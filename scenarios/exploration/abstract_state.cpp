#include "scenarios/exploration/abstract_state.h"

#include "traces/rolling_hash.h"

namespace grove::scenarios {

namespace {

bool transient(std::string_view kind) {
  static constexpr std::string_view kTransient[] = {
      "entry_accepted", "backup_acked", "apply_acked",  "read_served",          "read_refused",
      "config_write",   "config_proposed", "cid_issued", "request_deduplicated"};
  for (std::string_view name : kTransient) {
    if (kind == name) return true;
  }
  return false;
}

}  // namespace

void AbstractState::observe(const traces::TraceEvent& event) {
  using traces::TraceKind;
  switch (event.kind) {
    case TraceKind::kGhost: {
      if (transient(event.label)) return;
      traces::RollingHash fields;
      for (std::size_t i = 0; i < event.field_count; ++i) {
        if (event.fields[i].name.ends_with("_ns")) continue;
        fields.fold_bytes(event.fields[i].name);
        fields.fold(event.fields[i].value);
      }
      latest_[{event.node, std::string(event.label)}] = fields.value();
      break;
    }
    case TraceKind::kCrash: down_[event.node] = true; break;
    case TraceKind::kRestart: down_[event.node] = false; break;
    case TraceKind::kPartition: partitioned_ = true; break;
    case TraceKind::kHeal: partitioned_ = false; break;
    default: return;
  }
  dirty_ = true;
}

std::uint64_t AbstractState::hash() const {
  if (!dirty_) return hash_;
  traces::RollingHash hash;
  for (const auto& [key, fields] : latest_) {
    hash.fold(key.first);
    hash.fold_bytes(key.second);
    hash.fold(fields);
  }
  for (const auto& [node, down] : down_) hash.fold(down ? node + 1 : 0);
  hash.fold(partitioned_);
  hash_ = hash.value();
  dirty_ = false;
  return hash_;
}

}  // namespace grove::scenarios
