#include "scenarios/smoke.h"

#include <memory>
#include <string>

#include "core/env/env.h"
#include "sim/network_model.h"
#include "sim/world.h"

namespace grove::scenarios {

namespace {

constexpr std::uint64_t kEchoMethod = 1;
constexpr std::uint64_t kCountMethod = 2;

// A server keeps a durable counter: every echo appends one byte to its log; on restart it
// recovers the count from the log's length.
void server_main(env::Env& env) {
  struct State {
    explicit State(env::Env& e) : mutex(e.tasks) {}
    env::Mutex mutex;
    std::uint64_t served = 0;
  };
  auto state = std::make_shared<State>(env);
  state->served = env.disk.read("log").size();
  env.network.serve(kEchoMethod, [state, &env](env::Bytes args) {
    env::Lock lock(state->mutex);
    ++state->served;
    lock.unlock();
    env.disk.append("log", "x");
    return args;
  });
  env.network.serve(kCountMethod, [state](env::Bytes) {
    env::Lock lock(state->mutex);
    return std::to_string(state->served);
  });
}

}  // namespace

sim::WorldOptions smoke_world_options(std::uint64_t seed, bool faults) {
  sim::WorldOptions options;
  options.seed = seed;
  if (faults) {
    options.network.drop_ppm = 20'000;
    options.network.duplicate_ppm = 20'000;
    options.network.reorder_ppm = 50'000;
    options.disk.torn_append_ppm = 500'000;
  }
  return options;
}

SmokeResult run_smoke(sim::World& world, const SmokeOptions& options) {
  SmokeResult result;
  std::vector<env::NodeId> servers;
  for (int i = 0; i < options.servers; ++i) {
    servers.push_back(world.add_node("server" + std::to_string(i), server_main));
  }
  auto counters = std::make_shared<SmokeResult>();
  for (int i = 0; i < options.clients; ++i) {
    const env::NodeId client = world.add_node(
        "client" + std::to_string(i), [servers, counters](env::Env& env) {
          for (std::uint64_t n = 0;; ++n) {
            const env::NodeId server = servers[env.random.below(servers.size())];
            env::CallResult result =
                env.network.call(server, kEchoMethod, std::to_string(n), 20 * env::kMillisecond);
            if (result.ok()) {
              ++counters->calls_ok;
            } else {
              ++counters->calls_timed_out;
            }
            env.clock.sleep(static_cast<env::DurationNs>(env.random.below(5 * env::kMillisecond)));
          }
        });
    world.start(client);
  }
  for (env::NodeId server : servers) world.start(server);

  if (options.faults) {
    // A fault plan drawn from the "faults" stream: crashes with restarts, a partition, skew.
    sim::ChoiceSource::Stream& faults = world.choices().stream("faults");
    const std::int64_t step_ns = options.duration_ns / 8;
    for (std::int64_t t = step_ns; t < options.duration_ns; t += step_ns) {
      const env::NodeId victim = servers[faults.choose(servers.size())];
      switch (faults.choose(3)) {
        case 0:
          world.at(t, [&world, victim, counters, step_ns] {
            if (world.state(victim) != sim::NodeState::kRunning) return;
            world.crash(victim);
            world.after(step_ns / 2, [&world, victim, counters] {
              world.restart(victim);
              ++counters->restarts;
            });
          });
          break;
        case 1:
          world.at(t, [&world, victim] { world.network().isolate(victim); });
          world.at(t + step_ns / 2, [&world] { world.network().heal(); });
          break;
        default:
          world.at(t, [&world, victim, stream = &faults] {
            world.set_clock(victim,
                            static_cast<std::int64_t>(stream->choose(10'000'000)) - 5'000'000,
                            static_cast<std::int64_t>(stream->choose(200)) - 100);
          });
      }
    }
  }
  world.run_until(options.duration_ns);
  result = *counters;
  result.trace_hash = world.trace().hash();
  result.events = world.trace().count();
  result.sim_time_ns = world.now();
  result.choice_fingerprint = world.choices().fingerprint();
  return result;
}

SmokeResult run_smoke(const SmokeOptions& options) {
  sim::World world(smoke_world_options(options.seed, options.faults));
  return run_smoke(world, options);
}

}  // namespace grove::scenarios
