// Aimed faults: faults a search placed at chosen moments of the run (guided search's "aim"
// mutation puts them a little after a protocol step it saw in an earlier run of the same input).
//
// They come from the "aimed" stream, which a run reads only when a replayed list gives it, so a
// run from a seed alone draws nothing from it and is exactly what it was before the stream
// existed. Layout: a count, then per fault four decisions: its absolute time, its kind, its
// target and its duration. Only kinds the run already has (after the swarm) are used, with that
// kind's duration range: a search never adds a fault kind the scenario or the swarm left out.
// Aimed faults are timed faults like the Poisson ones (numbered after them), so
// faults.skip_events and `grovesim shrink` can leave them out.
#include "scenarios/nemesis.h"

#include <algorithm>

#include "sim/network_model.h"

namespace grove::scenarios {

namespace {

constexpr std::uint64_t kMaxAimedFaults = 8;

enum class AimedKind { kCrash, kPause, kIsolate, kConfigLeaderChange, kReconfigure };

bool any_crash_after(const Faults& faults) {
  return std::any_of(faults.crash_after.begin(), faults.crash_after.end(),
                     [](const FaultCrashAfter& trigger) { return trigger.probability > 0; });
}

}  // namespace

void Nemesis::schedule_aimed(TimeNs start_ns, TimeNs end_ns) {
  sim::ChoiceSource& source = world().choices();
  if (!source.replays("aimed") || end_ns <= 0) return;
  sim::ChoiceSource::Stream& aimed = source.stream("aimed");

  struct Kind {
    AimedKind kind;
    RangeMs duration;
  };
  std::vector<Kind> kinds;  // in a fixed order
  if (faults_.crash.rate_per_s > 0 || any_crash_after(faults_) || faults_.steps.crashes > 0) {
    kinds.push_back({AimedKind::kCrash, faults_.crash.rate_per_s > 0 ? faults_.crash.down_ms : RangeMs{10, 800}});
  }
  if (faults_.pause.rate_per_s > 0) kinds.push_back({AimedKind::kPause, faults_.pause.duration_ms});
  if (faults_.partition.rate_per_s > 0 || faults_.steps.partitions > 0) {
    kinds.push_back({AimedKind::kIsolate, faults_.partition.rate_per_s > 0 ? faults_.partition.duration_ms
                                                                           : faults_.steps.duration_ms});
  }
  if (faults_.leader_change_rate_per_s > 0) kinds.push_back({AimedKind::kConfigLeaderChange, {0, 0}});
  if (faults_.reconfig_rate_per_s > 0 || faults_.steps.reconfigs > 0) {
    kinds.push_back({AimedKind::kReconfigure, {0, 0}});
  }

  const std::uint64_t count = aimed.decide(kMaxAimedFaults + 1, 0);
  for (std::uint64_t i = 0; i < count; ++i) {
    // Always four decisions per fault, so that the list's layout does not depend on the run.
    const auto time_ns = static_cast<TimeNs>(aimed.decide(static_cast<std::uint64_t>(end_ns), 0));
    const std::uint64_t kind_index = aimed.decide(std::max<std::size_t>(kinds.size(), 1), 0);
    const std::uint64_t target = aimed.decide(1ULL << 32, 0);
    const std::uint64_t duration_draw = aimed.decide(1ULL << 32, 0);
    if (kinds.empty() || time_ns < start_ns) continue;
    const Kind kind = kinds[kind_index];
    const auto min_ns = static_cast<DurationNs>(kind.duration.min * 1e6);
    const auto max_ns = static_cast<DurationNs>(kind.duration.max * 1e6);
    const DurationNs duration_ns =
        max_ns > min_ns ? min_ns + static_cast<DurationNs>(duration_draw % static_cast<std::uint64_t>(max_ns - min_ns + 1))
                        : min_ns;
    at(time_ns, [this, kind = kind.kind, target, duration_ns] {
      std::vector<NodeId> servers = replicas();
      const std::vector<NodeId> config = config_servers();
      servers.insert(servers.end(), config.begin(), config.end());
      const NodeId node = servers[target % servers.size()];
      switch (kind) {
        case AimedKind::kCrash:
          if (world().state(node) != sim::NodeState::kRunning) return;
          world().note("nemesis: aimed crash " + world().name(node));
          world().crash(node);
          world().after(duration_ns, [this, node] { restart(node); });
          return;
        case AimedKind::kPause:
          if (world().state(node) != sim::NodeState::kRunning) return;
          world().note("nemesis: aimed pause " + world().name(node));
          world().pause(node);
          world().after(duration_ns, [this, node] {
            if (world().state(node) == sim::NodeState::kPaused) world().resume(node);
          });
          return;
        case AimedKind::kIsolate:
          world().note("nemesis: aimed isolate " + world().name(node));
          world().network().isolate(node);
          world().after(duration_ns, [this] { world().network().heal(); });
          return;
        case AimedKind::kConfigLeaderChange: {
          world().note("nemesis: config leader change");
          Cluster& cluster = *clusters_[target % clusters_.size()];
          cluster.start_make_config_leader((target >> 16) % cluster.config_servers().size());
          return;
        }
        case AimedKind::kReconfigure: {
          world().note("nemesis: reconfigure");
          Cluster& cluster = *clusters_[target % clusters_.size()];
          cluster.start_reconfiguration(random_config(cluster));
          return;
        }
      }
    });
  }
}

}  // namespace grove::scenarios
