#include "scenarios/apps/lock_workload.h"

#include <algorithm>

#include "scenarios/apps/recording_kv.h"

namespace grove::scenarios::apps {

namespace lock = grove::apps::lock;

struct LockWorkload::State {
  State(sim::World& world, OpList skip_ops, std::size_t clients)
      : recorder(world, "lock"), skips(std::move(skip_ops), clients) {}
  OpRecorder recorder;
  OpSkips skips;
  std::vector<checkers::apps::LockPossession> possessions;
  std::vector<int> acquisitions_done;
  std::vector<bool> finished;
  std::size_t takeovers = 0;

  void record_possession(env::Env& env, const std::string& key, env::TimeNs lease_ns, bool renewal,
                         std::uint64_t holder) {
    sim::World& world = recorder.world();
    possessions.push_back({holder, key, world.now(), true_time_when_hi_reaches(world, env.self, lease_ns),
                           traces::kNoReturn, renewal});
  }
  void record_release(const std::string& key, std::uint64_t holder) {
    for (auto& possession : possessions) {
      if (possession.holder == holder && possession.key == key && possession.release_ns == traces::kNoReturn) {
        possession.release_ns = recorder.world().now();
      }
    }
  }
};

namespace {

std::string holder_name(std::uint64_t holder) { return "h" + std::to_string(holder); }

}  // namespace

LockWorkload::LockWorkload(AppDeployment& deployment, LockWorkloadOptions options)
    : deployment_(deployment), options_(options),
      state_(std::make_shared<State>(deployment.world(), options_.skip_ops, deployment.clients().size())) {
  state_->acquisitions_done.assign(deployment.clients().size(), 0);
  state_->finished.assign(deployment.clients().size(), false);
}

void LockWorkload::spawn_all() {
  for (std::size_t client = 0; client < deployment_.clients().size(); ++client) spawn(client);
}

bool LockWorkload::finished() const {
  return std::all_of(state_->finished.begin(), state_->finished.end(), [](bool done) { return done; });
}

const traces::History& LockWorkload::history() const { return state_->recorder.history(); }
const std::vector<checkers::apps::LockPossession>& LockWorkload::possessions() const {
  return state_->possessions;
}
std::size_t LockWorkload::takeovers() const { return state_->takeovers; }
const std::vector<std::uint64_t>& LockWorkload::ops_started() const { return state_->skips.started(); }

void LockWorkload::spawn(std::size_t client) { spawn_loop(client, options_.acquisitions_per_client, nullptr); }

bool LockWorkload::lock_every_key(std::size_t client, DurationNs within) {
  auto done = std::make_shared<bool>(false);
  spawn_loop(client, -1, done);
  return deployment_.data().run_until([done] { return *done; }, within);
}

// acquisitions < 0: the final pass, every key once in order, no long holds.
void LockWorkload::spawn_loop(std::size_t client, int acquisitions, std::shared_ptr<bool> done) {
  const LockWorkloadOptions options = options_;
  const std::vector<NodeId> config_servers = deployment_.data().config_servers();
  const vrsm::Timing timing = deployment_.timing();
  Cluster* data = &deployment_.data();
  std::shared_ptr<State> state = state_;
  deployment_.spawn_client(client, [=](env::Env& env) {
    grove::apps::VkvClerkKv clerk(env, config_servers, timing);
    RecordingKv kv(*data, clerk, client, /*one_session=*/true);
    lock::LockClerk locks(env, kv, clerk.cid(), options.lock);
    const std::uint64_t holder = clerk.cid();
    OpRecorder& recorder = state->recorder;
    const bool final_pass = acquisitions < 0;
    const std::size_t rounds = final_pass ? options.keys : static_cast<std::size_t>(acquisitions);
    for (std::size_t round = 0; round < rounds; ++round) {
      if (!final_pass && state->acquisitions_done[client] >= acquisitions) break;
      const std::string key = "lock" + std::to_string(final_pass ? round : env.random.below(options.keys));
      const bool skipped =
          !final_pass && state->skips.start(client, static_cast<std::uint64_t>(state->acquisitions_done[client]));
      if (skipped) {
        // Drawn like the acquisition it replaces: its hold, then its think time.
        if (env.random.below(1000) >= options.long_hold_per_mille) env.random.below(options.hold_max_ns + 1);
        state->acquisitions_done[client] += 1;
        if (options.think_time_max_ns > 0) {
          env.clock.sleep(static_cast<DurationNs>(env.random.below(options.think_time_max_ns)));
        }
        continue;
      }
      const std::size_t acquire = recorder.invoke(client, "acquire", key, {holder_name(holder)});
      const lock::LockGrant grant = locks.lock(key);
      if (grant.err != lock::LockErr::kNone) continue;  // unknown outcome (gave up)
      if (grant.previous) {
        state->takeovers += 1;
        recorder.at(acquire).name = "takeover";
        recorder.at(acquire).input.push_back(holder_name(grant.previous->holder));
      }
      recorder.complete(acquire, "ok");
      state->record_possession(env, key, grant.lease_expiration_ns, false, holder);

      const bool long_hold = !final_pass && env.random.below(1000) < options.long_hold_per_mille;
      const DurationNs hold_ns = long_hold ? 2 * options.lock.lease_duration_ns
                                           : static_cast<DurationNs>(env.random.below(options.hold_max_ns + 1));
      const env::TimeNs release_at_ns = env.clock.now().lo_ns + hold_ns;
      bool lost = false;
      for (;;) {
        const env::TimeNs now_ns = env.clock.now().lo_ns;
        if (now_ns >= release_at_ns) break;
        const DurationNs renew_every_ns = options.lock.lease_duration_ns / 3;
        env.clock.sleep(std::min(release_at_ns - now_ns, renew_every_ns));
        if (env.clock.now().lo_ns >= release_at_ns) break;
        // Work outlasting the lease: renew on the exact old value before it runs out.
        const std::size_t renew = recorder.invoke(client, "renew", key, {holder_name(holder)});
        const lock::LockGrant renewed = locks.renew(key);
        if (renewed.err == lock::LockErr::kTimeout) break;
        recorder.complete(renew, renewed.err == lock::LockErr::kNone ? "ok" : "lost");
        if (renewed.err != lock::LockErr::kNone) {
          lost = true;
          break;
        }
        state->record_possession(env, key, renewed.lease_expiration_ns, true, holder);
      }
      if (!lost) {  // a lost lock's possessions ended with their leases: nothing to release
        const std::size_t release = recorder.invoke(client, "release", key, {holder_name(holder)});
        state->record_release(key, holder);
        const lock::LockErr unlocked = locks.unlock(key);
        if (unlocked != lock::LockErr::kTimeout) {
          recorder.complete(release, unlocked == lock::LockErr::kNone ? "ok" : "lost");
        }
      }
      if (!final_pass) state->acquisitions_done[client] += 1;
      if (options.think_time_max_ns > 0) {
        env.clock.sleep(static_cast<DurationNs>(env.random.below(options.think_time_max_ns)));
      }
    }
    if (final_pass) {
      *done = true;
    } else {
      state->finished[client] = true;
    }
  });
}

}  // namespace grove::scenarios::apps
