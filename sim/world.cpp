#include "sim/world.h"

#include <algorithm>
#include <cstdio>
#include <span>
#include <stdexcept>

#include "core/env/check.h"
#include "core/env/coverage_marks.h"
#include "sim/network_model.h"
#include "sim/node.h"
#include "sim/preemption.h"
#include "sim/scheduler.h"
#include "sim/transport.h"
#include "traces/ghost_schema.h"

namespace grove::sim {

namespace {

std::string node_state_name(NodeState state) {
  switch (state) {
    case NodeState::kCreated: return "not started";
    case NodeState::kRunning: return "running";
    case NodeState::kPaused: return "paused";
    case NodeState::kCrashed: return "crashed";
  }
  return "?";
}

}  // namespace

World::World(WorldOptions options) : World(options, ChoiceSource(options.seed)) {}

World::World(WorldOptions options, ChoiceSource choices)
    : options_(options),
      choices_(std::move(choices)),
      scheduler_(std::make_unique<Scheduler>(trace_, choices_.stream("schedule"),
                                             options.stack_size_bytes, options.trace_schedule,
                                             options.max_steps_without_time_advance)),
      network_(std::make_unique<NetworkModel>(*this, options.network)),
      transport_(std::make_unique<Transport>(*this)),
      preemption_(std::make_unique<Preemption>(*this, options.preemption)) {
  if (choices_.seed() != options.seed) {
    throw std::invalid_argument("World: the choice source's seed differs from options.seed");
  }
  scheduler_->set_external_event_handler(
      [this](EventType type, std::uint64_t target) { transport_->on_event(type, target); });
}

World::~World() { unwind_all_tasks(); }

void World::unwind_all_tasks() {
  // Unwind every live task while the world they reference still exists.
  for (auto& node : nodes_) {
    if (node->state != NodeState::kCrashed && node->state != NodeState::kCreated) {
      node->crashing = true;
      while (!node->task_ids.empty()) {
        Task* task = scheduler_->find(*node->task_ids.begin());
        scheduler_->destroy(*task);
      }
      node->handlers.clear();
      node->crashing = false;
    }
  }
}

Node& World::node(NodeId node) {
  if (node >= nodes_.size()) {
    throw std::invalid_argument("unknown node " + std::to_string(node) + " (the world has " +
                                std::to_string(nodes_.size()) + " nodes)");
  }
  return *nodes_[node];
}

NodeId World::add_node(std::string name, env::NodeMain main) {
  if (!main) throw std::invalid_argument("World::add_node('" + name + "'): empty main");
  const NodeId id = nodes_.size();
  nodes_.push_back(std::make_unique<Node>(*this, id, std::move(name), std::move(main)));
  return id;
}

std::size_t World::node_count() const { return nodes_.size(); }

NodeState World::state(NodeId id) const { return const_cast<World*>(this)->node(id).state; }

const std::string& World::name(NodeId id) const { return const_cast<World*>(this)->node(id).name(); }

std::uint64_t World::incarnation(NodeId id) const {
  return const_cast<World*>(this)->node(id).incarnation;
}

env::Env& World::env(NodeId id) { return node(id).env(); }

void World::spawn(NodeId id, std::string_view name, std::function<void()> body) {
  Node& target = node(id);
  if (target.state != NodeState::kRunning && target.state != NodeState::kPaused) {
    throw std::invalid_argument("World::spawn on node '" + target.name() + "' which is " +
                                node_state_name(target.state));
  }
  scheduler_->spawn(target, name, std::move(body));
}

void World::start(NodeId id) {
  Node& target = node(id);
  if (target.state != NodeState::kCreated) {
    throw std::invalid_argument("World::start: node '" + target.name() + "' is already " +
                                node_state_name(target.state));
  }
  target.state = NodeState::kRunning;
  trace_.record(traces::TraceEvent{now(), traces::TraceKind::kStart, id});
  scheduler_->spawn(target, "main", [&target] { target.main(target.env()); });
}

void World::crash(NodeId id) {
  Node& target = node(id);
  if (scheduler_->current() != nullptr) {
    // From inside a task: crash at the next step, from the scheduler's context.
    scheduler_->schedule_action(now(), [this, id] { crash(id); });
    return;
  }
  if (target.state != NodeState::kRunning && target.state != NodeState::kPaused) {
    throw std::invalid_argument("World::crash: node '" + target.name() + "' is " +
                                node_state_name(target.state));
  }
  trace_.record(traces::TraceEvent{now(), traces::TraceKind::kCrash, id});
  target.state = NodeState::kCrashed;
  target.crashing = true;
  target.held.clear();
  while (!target.task_ids.empty()) {
    Task* task = scheduler_->find(*target.task_ids.begin());
    GROVE_CHECK(task != nullptr, "a node's task ids name live tasks");
    scheduler_->destroy(*task);
  }
  target.crashing = false;
  target.handlers.clear();
  // Disk: the operation that was executing may tear (appends only); queued ones are lost.
  DiskModel& disk = target.disk;
  if (!disk.in_flight.empty()) {
    const DiskOperation& first = disk.in_flight.begin()->second;
    ChoiceSource::Stream& choices = choices_.stream("disk");
    if (first.is_append && first.data.size() > 1 &&
        choices.chance_ppm(options_.disk.torn_append_ppm)) {
      const std::size_t kept = 1 + choices.choose(first.data.size() - 1);
      disk.files[first.file] += first.data.substr(0, kept);
      record_disk(id, "torn", kept);
    }
    record_disk(id, "lost", disk.in_flight.size());
    disk.in_flight.clear();
  }
  disk.busy_until_ns = 0;
}

void World::restart(NodeId id) {
  Node& target = node(id);
  if (target.state != NodeState::kCrashed) {
    throw std::invalid_argument("World::restart: node '" + target.name() + "' is " +
                                node_state_name(target.state) + ", not crashed");
  }
  ++target.incarnation;
  target.state = NodeState::kRunning;
  trace_.record(traces::TraceEvent{now(), traces::TraceKind::kRestart, id, traces::kNoNode,
                                   target.incarnation});
  scheduler_->spawn(target, "main", [&target] { target.main(target.env()); });
}

void World::pause(NodeId id) {
  Node& target = node(id);
  if (target.state != NodeState::kRunning) {
    throw std::invalid_argument("World::pause: node '" + target.name() + "' is " +
                                node_state_name(target.state));
  }
  target.state = NodeState::kPaused;
  trace_.record(traces::TraceEvent{now(), traces::TraceKind::kPause, id});
}

void World::resume(NodeId id) {
  Node& target = node(id);
  if (target.state != NodeState::kPaused) {
    throw std::invalid_argument("World::resume: node '" + target.name() + "' is " +
                                node_state_name(target.state) + ", not paused");
  }
  target.state = NodeState::kRunning;
  trace_.record(traces::TraceEvent{now(), traces::TraceKind::kResume, id});
  for (Task* task : target.held) scheduler_->make_ready(*task);
  target.held.clear();
}

NetworkModel& World::network() { return *network_; }

void World::set_clock(NodeId id, std::int64_t offset_ns, std::int64_t drift_ppm) {
  Node& target = node(id);
  target.clock.offset_ns = offset_ns;
  target.clock.drift_ppm = drift_ppm;
  target.clock.set_at_ns = now();
  trace_.record(traces::TraceEvent{now(), traces::TraceKind::kClock, id, traces::kNoNode,
                                   static_cast<std::uint64_t>(offset_ns),
                                   static_cast<std::uint64_t>(drift_ppm), "set"});
}

void World::step_clock(NodeId id, std::int64_t delta_ns) {
  Node& target = node(id);
  std::int64_t offset = target.clock.offset_at(now(), unsafe_clocks_) + delta_ns;
  if (!unsafe_clocks_) {
    offset = std::clamp<std::int64_t>(offset, -target.clock.uncertainty_ns, target.clock.uncertainty_ns);
  }
  target.clock.offset_ns = offset;
  target.clock.set_at_ns = now();
  trace_.record(traces::TraceEvent{now(), traces::TraceKind::kClock, id, traces::kNoNode,
                                   static_cast<std::uint64_t>(offset),
                                   static_cast<std::uint64_t>(delta_ns), "step"});
}

std::int64_t World::clock_offset_of(NodeId id) {
  return node(id).clock.offset_at(now(), unsafe_clocks_);
}

void World::set_clock_uncertainty(NodeId id, DurationNs uncertainty_ns) {
  if (uncertainty_ns < 0) throw std::invalid_argument("World::set_clock_uncertainty: negative");
  Node& target = node(id);
  target.clock.uncertainty_ns = uncertainty_ns;
  trace_.record(traces::TraceEvent{now(), traces::TraceKind::kClock, id, traces::kNoNode,
                                   static_cast<std::uint64_t>(uncertainty_ns), 0, "uncertainty"});
}

void World::set_unsafe_clocks(bool unsafe) {
  unsafe_clocks_ = unsafe;
  trace_.record(traces::TraceEvent{now(), traces::TraceKind::kClock, traces::kNoNode,
                                   traces::kNoNode, unsafe, 0, "unsafe"});
}

env::TimeRange World::clock_of(NodeId id) { return node(id).clock.read(now(), unsafe_clocks_); }

TimeNs World::now() const { return scheduler_->now(); }

void World::at(TimeNs time_ns, std::function<void()> action) {
  scheduler_->schedule_action(time_ns, std::move(action));
}

bool World::run_until(TimeNs time_ns) {
  if (scheduler_->current() != nullptr) throw std::logic_error("World::run_until from a task");
  while (scheduler_->step(time_ns)) {
  }
  scheduler_->advance_to(time_ns);
  return !scheduler_->idle();
}

bool World::run_until_condition(const std::function<bool()>& done, TimeNs deadline_ns) {
  if (scheduler_->current() != nullptr) {
    throw std::logic_error("World::run_until_condition from a task");
  }
  if (done()) return true;
  while (scheduler_->step(deadline_ns)) {
    if (done()) return true;
  }
  scheduler_->advance_to(deadline_ns);
  return done();
}

void World::note(std::string_view text) {
  trace_.record(traces::TraceEvent{now(), traces::TraceKind::kNote, traces::kNoNode,
                                   traces::kNoNode, 0, 0, text});
}

void World::record_ghost(NodeId id, const env::GhostEvent& event) {
  // core/ must emit exactly the schema's fields: a checker reads them without fallbacks.
  const std::optional<traces::GhostKind> type = traces::parse_ghost_kind(event.kind);
  {
    std::string_view names[env::GhostEvent::kMaxFields];
    for (std::size_t i = 0; i < event.field_count; ++i) names[i] = event.fields[i].name;
    const std::string error =
        type ? traces::ghost_fields_error(traces::ghost_schema(*type),
                                          std::span<const std::string_view>(names, event.field_count))
             : "unknown ghost event kind \"" + std::string(event.kind) + "\"";
    if (!error.empty()) {
      std::fprintf(stderr, "grovesim: %s (traces/ghost_schema.cpp)\n", error.c_str());
      std::abort();
    }
  }
  traces::TraceField fields[env::GhostEvent::kMaxFields];
  for (std::size_t i = 0; i < event.field_count; ++i) {
    fields[i] = traces::TraceField{event.fields[i].name, event.fields[i].value};
  }
  traces::TraceEvent trace_event;
  trace_event.time_ns = now();
  trace_event.kind = traces::TraceKind::kGhost;
  trace_event.node = id;
  trace_event.label = event.kind;
  trace_event.fields = fields;
  trace_event.field_count = event.field_count;
  trace_.record(trace_event);
  if (!options_.keep_ghosts) return;
  traces::GhostRecord record;
  record.time_ns = now();
  record.node = id;
  record.kind = std::string(event.kind);
  record.type = *type;
  record.trace_index = trace_.count() - 1;
  record.fields.reserve(event.field_count);
  for (std::size_t i = 0; i < event.field_count; ++i) {
    record.fields.emplace_back(std::string(event.fields[i].name), event.fields[i].value);
  }
  ghosts_.push_back(std::move(record));
  if (ghost_observer_) ghost_observer_(ghosts_.size() - 1);
}

void World::record_cover(std::string_view name) {
  if (!env::is_coverage_mark(name)) {
    std::fprintf(stderr, "grovesim: unknown coverage mark \"%.*s\" (add it to core/env/coverage_marks.h)\n",
                 static_cast<int>(name.size()), name.data());
    std::abort();
  }
  auto found = coverage_counts_.find(name);
  if (found == coverage_counts_.end()) {
    coverage_counts_.emplace(std::string(name), 1);
  } else {
    ++found->second;
  }
}

void World::record_disk(NodeId id, std::string_view operation, std::uint64_t bytes) {
  trace_.record(traces::TraceEvent{now(), traces::TraceKind::kDisk, id, traces::kNoNode, bytes,
                                   0, operation});
}

const std::vector<std::pair<std::string, std::uint64_t>>& World::coverage() const {
  coverage_.assign(coverage_counts_.begin(), coverage_counts_.end());
  return coverage_;
}

void World::use_pct(const PctOptions& options) {
  if (options.depth == 0) return;
  scheduler_->use_pct(std::make_unique<PctPolicy>(choices_.stream("pct"), options));
}

std::uint64_t World::contended_picks() const { return scheduler_->contended_picks(); }

}  // namespace grove::sim
