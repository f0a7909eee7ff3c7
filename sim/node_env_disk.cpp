// Disk parts of NodeEnv: operations queue FIFO per node and take effect when they complete.
#include <algorithm>
#include <stdexcept>

#include "sim/node.h"
#include "sim/node_env.h"
#include "sim/preemption.h"
#include "sim/scheduler.h"
#include "sim/world.h"

namespace grove::sim {

namespace {

// Forgets an operation that completed; one that did not is left for World::crash to settle
// (lost, or torn for an append).
struct InFlightGuard {
  DiskModel& disk;
  std::uint64_t operation_id;
  bool completed = false;
  ~InFlightGuard() {
    if (completed) disk.in_flight.erase(operation_id);
  }
};

}  // namespace

void NodeEnv::disk_operation(bool is_append, std::string_view name, std::string_view data) {
  if (name.empty()) throw std::invalid_argument("env.disk: empty file name");
  world_.preemption().at_seam(node_, Seam::kDisk);
  DiskModel& disk = node_.disk;
  const DiskOptions& options = world_.options().disk;
  ChoiceSource::Stream& choices = world_.choices().stream("disk");
  env::DurationNs latency =
      options.min_latency_ns +
      (options.jitter_ns > 0 ? static_cast<env::DurationNs>(choices.choose(options.jitter_ns + 1)) : 0);
  if (choices.chance_ppm(options.stall_ppm)) {
    // A stall (an fsync behind a full device queue): this operation and every later one of
    // the node wait. Replies that need durability wait with them (§5.4).
    const env::DurationNs span = std::max<env::DurationNs>(options.stall_max_ns - options.stall_min_ns, 0);
    const env::DurationNs stall =
        options.stall_min_ns + static_cast<env::DurationNs>(choices.choose(static_cast<std::uint64_t>(span) + 1));
    latency += stall;
    world_.record_disk(node_.id(), "stall", static_cast<std::uint64_t>(stall));
  }
  const TimeNs start = std::max(world_.now(), disk.busy_until_ns);
  const TimeNs done_at = start + latency;
  disk.busy_until_ns = done_at;
  const std::uint64_t operation_id = disk.next_operation_id++;
  disk.in_flight.emplace(operation_id,
                         DiskOperation{is_append, std::string(name), std::string(data)});
  InFlightGuard guard{disk, operation_id};
  world_.scheduler().park(done_at);
  // Completed: the operation takes effect now, durably.
  disk.apply(disk.in_flight.at(operation_id));
  guard.completed = true;
  world_.record_disk(node_.id(), is_append ? "append" : "write", data.size());
  // After the operation took effect: a stall here only delays the caller, never the order
  // in which the node's operations become durable.
  world_.preemption().at_seam(node_, Seam::kWake);
}

env::Bytes NodeEnv::read(std::string_view name) {
  require_own_task("disk.read");
  world_.preemption().at_seam(node_, Seam::kDisk);
  DiskModel& disk = node_.disk;
  // A read waits for the operations queued before it, so it sees their effect.
  const TimeNs done_at = std::max(world_.now(), disk.busy_until_ns) + world_.options().disk.min_latency_ns;
  disk.busy_until_ns = done_at;
  world_.scheduler().park(done_at);
  env::Bytes contents = disk.read(name);
  world_.preemption().at_seam(node_, Seam::kWake);
  return contents;
}

void NodeEnv::write_atomic(std::string_view name, std::string_view data) {
  require_own_task("disk.write_atomic");
  disk_operation(false, name, data);
}

env::DurationNs NodeEnv::group_commit_delay_ns() { return world_.options().disk.group_commit_delay_ns; }

void NodeEnv::append(std::string_view name, std::string_view data) {
  require_own_task("disk.append");
  disk_operation(true, name, data);
}

}  // namespace grove::sim
