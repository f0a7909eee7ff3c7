#include "scenarios/apps/cache_workload.h"

#include "core/apps/cachekv/cache_clerk.h"
#include "scenarios/apps/recording_kv.h"

namespace grove::scenarios::apps {

struct CacheWorkload::State {
  State(sim::World& world, OpList skip_ops, std::size_t clients)
      : recorder(world, "kv"), skips(std::move(skip_ops), clients) {}
  OpRecorder recorder;
  OpSkips skips;
  std::vector<std::size_t> cache_hits;
  std::vector<checkers::apps::CacheLeaseGrant> grants;
  std::vector<int> ops_done;
  std::vector<bool> finished;
};

CacheWorkload::CacheWorkload(AppDeployment& deployment, CacheWorkloadOptions options)
    : deployment_(deployment),
      options_(options),
      state_(std::make_shared<State>(deployment.world(), options_.skip_ops, deployment.clients().size())) {
  state_->ops_done.assign(deployment.clients().size(), 0);
  state_->finished.assign(deployment.clients().size(), false);
}

void CacheWorkload::spawn_all() {
  for (std::size_t client = 0; client < deployment_.clients().size(); ++client) spawn(client);
}

bool CacheWorkload::finished() const {
  for (bool done : state_->finished) {
    if (!done) return false;
  }
  return true;
}

std::size_t CacheWorkload::cache_hits() const { return state_->cache_hits.size(); }

const std::vector<std::uint64_t>& CacheWorkload::ops_started() const { return state_->skips.started(); }

checkers::apps::CacheHistory CacheWorkload::history() const {
  return {state_->recorder.history(), state_->cache_hits, state_->grants};
}

void CacheWorkload::spawn(std::size_t client) {
  const CacheWorkloadOptions options = options_;
  const std::vector<NodeId> config_servers = deployment_.data().config_servers();
  const vrsm::Timing timing = deployment_.timing();
  Cluster* data = &deployment_.data();
  std::shared_ptr<State> state = state_;
  deployment_.spawn_client(client, [=](env::Env& env) {
    grove::apps::VkvPoolKv pool(env, config_servers, timing);
    RecordingKv kv(*data, pool, client, /*one_session=*/false);
    grove::apps::cachekv::CacheClerk cache(env, kv);
    OpRecorder& recorder = state->recorder;
    while (state->ops_done[client] < options.ops_per_client) {
      const std::string key = "k" + std::to_string(env.random.below(options.keys));
      const std::uint64_t draw = env.random.below(1000);
      if (state->skips.start(client, static_cast<std::uint64_t>(state->ops_done[client]))) {
        // Drawn like the op it replaces (a GetAndCache's lease too).
        if (draw < options.get_and_cache_per_mille) env.random.below(options.lease_duration_ns);
      } else if (draw < options.get_and_cache_per_mille) {
        const std::size_t op = recorder.invoke(client, "get", key, {});
        const DurationNs lease_ns = options.lease_duration_ns / 2 +
                                   static_cast<DurationNs>(env.random.below(options.lease_duration_ns));
        const auto result = cache.get_and_cache(key, lease_ns);
        if (result.err == vrsm::Err::kNone) {
          recorder.complete(op, result.value);
          state->grants.push_back({op, result.lease_expiration_ns});
        }
      } else if (draw < options.get_and_cache_per_mille + options.put_per_mille) {
        // Unique values make the linearizability search sharp: client, incarnation, op.
        const std::string value = "c" + std::to_string(client) + "." +
                                  std::to_string(recorder.world().incarnation(env.self)) + "." +
                                  std::to_string(state->ops_done[client]);
        const std::size_t op = recorder.invoke(client, "put", key, {value});
        if (cache.put(key, value).err == vrsm::Err::kNone) recorder.complete(op, "");
      } else {
        const std::size_t op = recorder.invoke(client, "get", key, {});
        const auto result = cache.get(key);
        if (result.err == vrsm::Err::kNone) {
          recorder.complete(op, result.value);
          if (result.from_cache) state->cache_hits.push_back(op);
        }
      }
      state->ops_done[client] += 1;
      if (options.think_time_max_ns > 0) {
        env.clock.sleep(static_cast<DurationNs>(env.random.below(options.think_time_max_ns)));
      }
    }
    state->finished[client] = true;
  });
}

}  // namespace grove::scenarios::apps
