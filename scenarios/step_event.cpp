#include "scenarios/step_event.h"

#include <array>

namespace grove::scenarios {

namespace {

constexpr std::array<std::string_view, 21> kNames = {
    "epoch_entered",   "sealed",           "became_primary", "entry_accepted", "entry_durable",
    "apply_acked",     "commit_raised",    "lease_granted",  "read_served",    "read_refused",
    "cid_issued",      "epoch_reserved",   "lease_issued",   "config_write",   "config_committed",
    "paxos_promised",  "paxos_accepted",   "paxos_leader",   "paxos_recovered", "disk_write",
    "disk_append",
};
static_assert(kNames.size() == static_cast<std::size_t>(StepEvent::kDiskAppend) + 1,
              "one name per step event");

}  // namespace

std::string_view step_event_name(StepEvent event) { return kNames[static_cast<std::size_t>(event)]; }

std::optional<StepEvent> parse_step_event(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<StepEvent>(i);
  }
  return std::nullopt;
}

const std::vector<std::string_view>& step_event_names() {
  static const std::vector<std::string_view> names(kNames.begin(), kNames.end());
  return names;
}

std::optional<StepEvent> step_event_of(const traces::TraceEvent& event) {
  if (event.kind == traces::TraceKind::kDisk) {
    // Only completed durable operations are steps; "torn", "lost" and "stall" are not.
    if (event.label == "write") return StepEvent::kDiskWrite;
    if (event.label == "append") return StepEvent::kDiskAppend;
    return std::nullopt;
  }
  if (event.kind != traces::TraceKind::kGhost) return std::nullopt;
  const std::optional<StepEvent> step = parse_step_event(event.label);
  // A ghost label spelled like a disk step is not one.
  if (step == StepEvent::kDiskWrite || step == StepEvent::kDiskAppend) return std::nullopt;
  return step;
}

}  // namespace grove::scenarios
