// Simulator costs: the raw Boost.Context switch (the floor), a task switch through grovesim's
// scheduler, a simulated RPC round trip through the full network model, and the memory of
// 10,000 idle tasks.
//
//   build/bench/sim_bench                      # all
//   build/bench/sim_bench --benchmark_filter=Switch
//
// Both switch benchmarks count one *switch from one task to another*: two context jumps
// (task -> scheduler -> task for grovesim; resume + return for the bare fiber).
#include <benchmark/benchmark.h>
#include <boost/context/fiber.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "core/env/env.h"
#include "sim/scheduler.h"
#include "sim/world.h"

namespace {

using namespace grove;

void BM_BareContextSwitch(benchmark::State& state) {
  namespace ctx = boost::context;
  bool running = true;
  ctx::fiber fiber{[&running](ctx::fiber&& caller) {
    while (running) caller = std::move(caller).resume();
    return std::move(caller);
  }};
  for (auto _ : state) fiber = std::move(fiber).resume();
  running = false;
  fiber = std::move(fiber).resume();
  // Each iteration is two switches: into the fiber and back.
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_BareContextSwitch);

constexpr std::int64_t kHandoffs = 1'000'000;

sim::WorldOptions bench_options(bool trace_schedule) {
  sim::WorldOptions options;
  options.trace_schedule = trace_schedule;
  options.max_steps_without_time_advance = 0;  // the yield loop never advances time
  return options;
}

// Two tasks hand control to each other with the scheduler's own park/unpark: every handoff is
// exactly one switch between two fibers through the scheduler (with its trace event).
void FiberSwitch(benchmark::State& state, bool trace_schedule) {
  for (auto _ : state) {
    state.PauseTiming();
    auto world = std::make_unique<sim::World>(bench_options(trace_schedule));
    sim::World* w = world.get();
    const env::NodeId node = world->add_node("n", [w](env::Env& env) {
      auto players = std::make_shared<std::array<sim::Task*, 2>>();
      auto remaining = std::make_shared<std::int64_t>(kHandoffs);
      for (int player = 0; player < 2; ++player) {
        env.tasks.spawn("player", [w, players, remaining, player, &env] {
          sim::Scheduler& scheduler = w->scheduler();
          (*players)[player] = scheduler.current();
          // Player 1 waits for the first handoff; player 0 starts it inside the timed region.
          if (player == 1) {
            scheduler.park();
          } else {
            env.clock.sleep(1);
          }
          while (--*remaining > 0) {
            scheduler.unpark(*(*players)[1 - player]);
            scheduler.park();
          }
          scheduler.unpark(*(*players)[1 - player]);
        });
      }
    });
    world->start(node);
    world->run_until(0);
    const std::uint64_t before = world->scheduler().context_switches();
    state.ResumeTiming();
    world->run_until(1);
    state.PauseTiming();
    state.counters["switches_per_handoff"] =
        static_cast<double>(world->scheduler().context_switches() - before) / kHandoffs;
    world.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kHandoffs);
}
void BM_FiberSwitch(benchmark::State& state) { FiberSwitch(state, true); }
void BM_FiberSwitchUntraced(benchmark::State& state) { FiberSwitch(state, false); }
BENCHMARK(BM_FiberSwitch)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FiberSwitchUntraced)->Unit(benchmark::kMillisecond);

// Two tasks hand control to each other through a condition variable (the way protocol tasks
// wake each other): every handoff is exactly one switch between two fibers through the
// scheduler, with the trace event it records.
void CondVarHandoff(benchmark::State& state, bool trace_schedule) {
  for (auto _ : state) {
    state.PauseTiming();
    auto world = std::make_unique<sim::World>(bench_options(trace_schedule));
    const env::NodeId node = world->add_node("n", [](env::Env& env) {
      struct Baton {
        explicit Baton(env::Tasks& tasks) : mutex(tasks), changed(tasks) {}
        env::Mutex mutex;
        env::CondVar changed;
        std::int64_t turn = 0;
      };
      auto baton = std::make_shared<Baton>(env.tasks);
      for (int player = 0; player < 2; ++player) {
        env.tasks.spawn("player", [baton, player, &env] {
          env.clock.sleep(1);  // start inside the timed region
          env::Lock lock(baton->mutex);
          while (baton->turn < kHandoffs) {
            while (baton->turn % 2 != player) baton->changed.wait(lock);
            ++baton->turn;
            baton->changed.notify_one();
          }
        });
      }
    });
    world->start(node);
    world->run_until(0);  // main ran; both players sleep until t = 1 ns
    const std::uint64_t before = world->scheduler().context_switches();
    state.ResumeTiming();
    world->run_until(1);
    state.PauseTiming();
    state.counters["switches_per_handoff"] =
        static_cast<double>(world->scheduler().context_switches() - before) / kHandoffs;
    world.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kHandoffs);
}
void BM_CondVarHandoff(benchmark::State& state) { CondVarHandoff(state, true); }
BENCHMARK(BM_CondVarHandoff)->Unit(benchmark::kMillisecond);

// One simulated request/reply between two nodes: message fates, delays, timeout timer, a
// handler task per request, trace events for everything.
void BM_RpcPingPong(benchmark::State& state) {
  sim::WorldOptions options;
  options.network.duplicate_ppm = 0;
  sim::World world(options);
  const env::NodeId server = world.add_node("server", [](env::Env& env) {
    env.network.serve(1, [](env::Bytes args) { return args; });
  });
  std::int64_t remaining = 0;
  const env::NodeId client = world.add_node("client", [&](env::Env& env) {
    for (;;) {
      if (remaining > 0) {
        --remaining;
        env.network.call(server, 1, "ping", env::kSecond);
      } else {
        env.clock.sleep(env::kSecond);
      }
    }
  });
  world.start(server);
  world.start(client);
  constexpr std::int64_t kBatch = 100'000;
  for (auto _ : state) {
    state.PauseTiming();
    remaining = kBatch;
    state.ResumeTiming();
    world.run_until_condition([&] { return remaining == 0; }, world.now() + 1'000 * env::kSecond);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_RpcPingPong)->Unit(benchmark::kMillisecond);

long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// 10,000 tasks each blocked on a condition variable: resident memory they add.
void BM_IdleFibersMemory(benchmark::State& state) {
  for (auto _ : state) {
    const long before = resident_kib();
    auto world = std::make_unique<sim::World>();
    const env::NodeId node = world->add_node("n", [](env::Env& env) {
      auto mutex = std::make_shared<env::Mutex>(env.tasks);
      auto condition = std::make_shared<env::CondVar>(env.tasks);
      for (int i = 0; i < 10'000; ++i) {
        env.tasks.spawn("idle", [mutex, condition] {
          env::Lock lock(*mutex);
          condition->wait(lock);
        });
      }
    });
    world->start(node);
    world->run_until(env::kSecond);
    const long after = resident_kib();
    state.counters["tasks"] = static_cast<double>(world->scheduler().task_count());
    state.counters["rss_added_MiB"] = static_cast<double>(after - before) / 1024.0;
    state.counters["stack_KiB"] = static_cast<double>(world->options().stack_size_bytes) / 1024.0;
  }
}
BENCHMARK(BM_IdleFibersMemory)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
