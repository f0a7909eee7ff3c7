// The simulated world: a set of nodes, one virtual clock, one network, one choice source.
//
// Single-threaded and deterministic: every node task is a fiber; at each scheduling point the
// choice source picks the next ready fiber; when none is ready, virtual time jumps to the next
// timer or message. The same options (seed included) and the same calls give the same trace hash.
//
// Calls on World are made from outside the fibers (the test or scenario driver), typically
// between run_until() calls or from actions scheduled with at(). Bad input (unknown node, a
// negative time, starting a node twice) throws std::invalid_argument with a clear message.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/env/env.h"
#include "sim/choice_source.h"
#include "sim/options.h"
#include "sim/pct_policy.h"
#include "traces/ghost_record.h"
#include "traces/trace_recorder.h"

namespace grove::sim {

using env::DurationNs;
using env::NodeId;
using env::TimeNs;

class Scheduler;
class NetworkModel;
class Node;
class Transport;
class Preemption;

enum class NodeState : std::uint8_t { kCreated, kRunning, kPaused, kCrashed };

class World {
 public:
  explicit World(WorldOptions options = {});
  // A world that continues `choices` (seeded with options.seed), e.g. a source a scenario drew
  // its fault mix from before the world existed: those draws are then part of the world's
  // fingerprint.
  World(WorldOptions options, ChoiceSource choices);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // ---- nodes ---------------------------------------------------------------------------
  // Adds a node (not started). Node ids are dense, from 0, in order of creation.
  NodeId add_node(std::string name, env::NodeMain main);
  void start(NodeId node);    // runs main in a new task
  void crash(NodeId node);    // unwinds every task, drops volatile state and in-flight messages
  void restart(NodeId node);  // a crashed node runs main again (recovering from disk)
  void pause(NodeId node);    // stops scheduling the node's tasks; its clock keeps going
  void resume(NodeId node);
  NodeState state(NodeId node) const;
  const std::string& name(NodeId node) const;
  std::size_t node_count() const;
  // Incremented by every restart; the first run is incarnation 0.
  std::uint64_t incarnation(NodeId node) const;

  // The node's Env, e.g. to run client code in a task of the node from a test.
  env::Env& env(NodeId node);
  // Runs `body` as a new task of a running node (like env(node).tasks.spawn).
  void spawn(NodeId node, std::string_view name, std::function<void()> body);

  // Planted bugs visible to every node's Env (protocol.md §8.2).
  env::BugSet& bugs() { return bugs_; }

  // ---- faults ---------------------------------------------------------------------------
  NetworkModel& network();
  // Sets a node's clock offset from true time (ns) and drift (parts per million). In safe
  // mode the offset is clamped so |offset| <= the node's uncertainty at every instant.
  void set_clock(NodeId node, std::int64_t offset_ns, std::int64_t drift_ppm);
  // Steps the node's clock by `delta_ns` (backwards if negative) at once, keeping its drift.
  // In safe mode the new offset is clamped to the uncertainty, so reads stay honest.
  void step_clock(NodeId node, std::int64_t delta_ns);
  // Advertised uncertainty of the node's clock (the eps of protocol.md §0.4).
  void set_clock_uncertainty(NodeId node, DurationNs uncertainty_ns);
  // Unsafe clocks (protocol.md §8.2 L6): offsets are no longer clamped to the uncertainty.
  void set_unsafe_clocks(bool unsafe);
  // The node's clock interval right now (what env(node).clock.now() would return).
  env::TimeRange clock_of(NodeId node);
  // The node's current offset from true time (ns), as its clock reads now.
  std::int64_t clock_offset_of(NodeId node);
  // CPU stalls and spurious wake-ups (sim/preemption.h); its options may change mid-run.
  Preemption& preemption() { return *preemption_; }
  // Disk latency, stalls and torn appends; may change mid-run (e.g. off for the heal phase).
  DiskOptions& disk_options() { return options_.disk; }

  // ---- running --------------------------------------------------------------------------
  TimeNs now() const;  // true (virtual) time
  // Runs `action` (outside any fiber) when true time reaches `time_ns` (>= now()).
  void at(TimeNs time_ns, std::function<void()> action);
  void after(DurationNs delay_ns, std::function<void()> action) { at(now() + delay_ns, std::move(action)); }
  // Runs until true time reaches `time_ns`, processing everything due at or before it; time is
  // then `time_ns`. Returns false if nothing at all remains to do (no task, no event).
  bool run_until(TimeNs time_ns);
  bool run_for(DurationNs duration_ns) { return run_until(now() + duration_ns); }
  // Runs until `done()` holds (checked after every step) or `deadline_ns` passes.
  // Returns whether done() held.
  bool run_until_condition(const std::function<bool()>& done, TimeNs deadline_ns);

  // Unwinds every task of every node (their destructors run) without recording anything; the
  // world is then idle. For owners that must tear down objects the tasks still reference.
  void unwind_all_tasks();

  // ---- observing ------------------------------------------------------------------------
  traces::TraceRecorder& trace() { return trace_; }
  ChoiceSource& choices() { return choices_; }
  // Every ghost event emitted so far, in order, if WorldOptions::keep_ghosts.
  const std::vector<traces::GhostRecord>& ghosts() const { return ghosts_; }
  // Calls `observer` with the position in ghosts() of every later ghost event, right after it
  // is recorded (online checkers). Needs keep_ghosts.
  void observe_ghosts(std::function<void(std::size_t position)> observer) {
    ghost_observer_ = std::move(observer);
  }
  // Coverage marks reached so far (name -> count), sorted by name.
  const std::vector<std::pair<std::string, std::uint64_t>>& coverage() const;
  // Contended scheduler picks follow PCT from now on (its draws: the "pct" stream); depth 0
  // leaves the uniform picks.
  void use_pct(const PctOptions& options);
  // Scheduler picks made with more than one task ready (what a schedule strategy decides).
  std::uint64_t contended_picks() const;
  // Free-text note in the trace (workload steps, fault plan decisions).
  void note(std::string_view text);
  const WorldOptions& options() const { return options_; }

  // ---- for sim internals ------------------------------------------------------------------
  Scheduler& scheduler() { return *scheduler_; }
  Transport& transport() { return *transport_; }
  Node& node(NodeId node);
  bool unsafe_clocks() const { return unsafe_clocks_; }
  void record_ghost(NodeId node, const env::GhostEvent& event);
  void record_cover(std::string_view name);
  void record_disk(NodeId node, std::string_view operation, std::uint64_t bytes);
  void record(const traces::TraceEvent& event) { trace_.record(event); }

 private:
  WorldOptions options_;
  traces::TraceRecorder trace_;
  ChoiceSource choices_;
  env::BugSet bugs_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<NetworkModel> network_;
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<Preemption> preemption_;
  bool unsafe_clocks_ = false;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<traces::GhostRecord> ghosts_;
  std::function<void(std::size_t)> ghost_observer_;
  std::map<std::string, std::uint64_t, std::less<>> coverage_counts_;
  mutable std::vector<std::pair<std::string, std::uint64_t>> coverage_;
};

}  // namespace grove::sim
