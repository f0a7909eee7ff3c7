#include "cli/kv_bench_command.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cluster_command.h"
#include "cli/run_support.h"
#include "core/apps/vkv/vkv_clerk.h"
#include "runtime/caller.h"
#include "runtime/latency_histogram.h"
#include "runtime/node_address.h"
#include "runtime/resp_client.h"

namespace grove::cli {

namespace {

using runtime::LatencyHistogram;
using runtime::monotonic_now_ns;

// What every client fiber shares (all on the loop's one thread: no locks).
struct Shared {
  std::vector<std::string> keys;
  std::string value;
  LatencyHistogram get_latency;
  LatencyHistogram put_latency;
  std::uint64_t get_errors = 0;
  std::uint64_t put_errors = 0;
  std::uint64_t get_misses = 0;  // a get that found no value (every key is preloaded)
  std::uint64_t preload_errors = 0;
  std::uint64_t warmup_errors = 0;  // failed ops that ended during the warm-up
  std::string first_error;
  env::TimeNs measure_start_ns = 0;
  env::TimeNs measure_end_ns = 0;
  std::size_t arrived = 0;  // clients at the current barrier
  std::uint64_t main_task = 0;
  std::vector<std::uint64_t> parked_clients;
  bool go = false;
};

// One client's connection: a vKV clerk or a RESP connection. get/put return false on an error
// (timeout); `miss` is set for a get that found nothing.
class Client {
 public:
  virtual ~Client() = default;
  virtual bool get(const std::string& key, bool& miss, std::string& error) = 0;
  virtual bool put(const std::string& key, const std::string& value, std::string& error) = 0;
};

class GroveClient final : public Client {
 public:
  GroveClient(runtime::ProcessEnv& process, const std::vector<std::uint64_t>& configs,
              env::DurationNs give_up_ns)
      : clerk_(process.env(), std::vector<env::NodeId>(configs.begin(), configs.end()), vrsm::Timing{},
               give_up_ns) {}
  bool get(const std::string& key, bool& miss, std::string& error) override {
    const vrsm::ClientResult result = clerk_.get(key);
    if (result.err != vrsm::Err::kNone) {
      error = "get timed out";
      return false;
    }
    miss = result.reply.empty();
    return true;
  }
  bool put(const std::string& key, const std::string& value, std::string& error) override {
    const vrsm::ClientResult result = clerk_.put(key, value);
    if (result.err != vrsm::Err::kNone) {
      error = "put timed out";
      return false;
    }
    return true;
  }

 private:
  apps::vkv::Clerk clerk_;
};

class RedisClient final : public Client {
 public:
  RedisClient(runtime::EventLoop& loop, const sockaddr_in& address, env::DurationNs timeout_ns)
      : loop_(loop), resp_(loop, address), timeout_ns_(timeout_ns) {}
  bool get(const std::string& key, bool& miss, std::string& error) override {
    runtime::RespReply reply = resp_.get(key, monotonic_now_ns() + timeout_ns_);
    if (!reply.ok) {
      error = "GET: " + reply.error;
      back_off();
      return false;
    }
    miss = reply.nil;
    return true;
  }
  bool put(const std::string& key, const std::string& value, std::string& error) override {
    runtime::RespReply reply = resp_.set(key, value, monotonic_now_ns() + timeout_ns_);
    if (!reply.ok) {
      error = "SET: " + reply.error;
      back_off();
      return false;
    }
    return true;
  }

 private:
  // After a failure (e.g. connection refused), as the vKV clerk does between retries.
  void back_off() { loop_.park(monotonic_now_ns() + 10 * env::kMillisecond); }

  runtime::EventLoop& loop_;
  runtime::RespClient resp_;
  env::DurationNs timeout_ns_;
};

// xorshift64*: a few cycles per op, seeded per client.
struct FastRandom {
  std::uint64_t state;
  std::uint64_t next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1DULL;
  }
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
};

void note_error(Shared& shared, const std::string& error) {
  if (shared.first_error.empty()) shared.first_error = error;
}

// Every client arrives; the last one wakes the main task. Then each parks until `go`.
void arrive_and_wait(runtime::EventLoop& loop, Shared& shared) {
  ++shared.arrived;
  if (runtime::LoopTask* main = loop.find(shared.main_task)) loop.unpark(*main);
  shared.parked_clients.push_back(loop.current()->id);
  while (!shared.go) loop.park();
}

void release_all(runtime::EventLoop& loop, Shared& shared) {
  shared.go = true;
  for (std::uint64_t id : shared.parked_clients) {
    if (runtime::LoopTask* task = loop.find(id)) loop.unpark(*task);
  }
  shared.parked_clients.clear();
}

void wait_for_arrivals(runtime::EventLoop& loop, Shared& shared, std::size_t count) {
  while (shared.arrived < count) loop.park();
  shared.arrived = 0;
  shared.go = false;
}

struct Summary {
  std::uint64_t ops = 0;
  std::uint64_t errors = 0;
  double ops_per_s = 0;
  double p50_us = 0, p90_us = 0, p99_us = 0, p999_us = 0, mean_us = 0, max_us = 0;
};

Summary summarize(const LatencyHistogram& latency, std::uint64_t errors, double seconds) {
  Summary s;
  s.ops = latency.count();
  s.errors = errors;
  s.ops_per_s = static_cast<double>(s.ops) / seconds;
  s.p50_us = latency.percentile_ns(0.50) / 1e3;
  s.p90_us = latency.percentile_ns(0.90) / 1e3;
  s.p99_us = latency.percentile_ns(0.99) / 1e3;
  s.p999_us = latency.percentile_ns(0.999) / 1e3;
  s.mean_us = latency.mean_ns() / 1e3;
  s.max_us = static_cast<double>(latency.max_ns()) / 1e3;
  return s;
}

nlohmann::json summary_json(const Summary& s) {
  return {{"ops", s.ops},         {"errors", s.errors},   {"ops_per_s", s.ops_per_s},
          {"p50_us", s.p50_us},   {"p90_us", s.p90_us},   {"p99_us", s.p99_us},
          {"p99_9_us", s.p999_us}, {"mean_us", s.mean_us}, {"max_us", s.max_us}};
}

bool bad(const char* message) {
  std::fprintf(stderr, "grovesim kv-bench: %s\n", message);
  return false;
}

bool validate(const KvBenchOptions& o) {
  const int sources = (o.redis.empty() ? 0 : 1) + (o.config.empty() && o.dir.empty() ? 0 : 1);
  if (sources > 1) return bad("give either --redis or --dir/--config, not both");
  if (o.clients < 1 || o.clients > 10000) return bad("--clients must be from 1 to 10000");
  if (!(o.duration_s > 0) || !std::isfinite(o.duration_s) || o.duration_s > 86400) {
    return bad("--duration must be a positive number of seconds (at most 86400)");
  }
  if (!(o.warmup_s >= 0) || !std::isfinite(o.warmup_s) || o.warmup_s > 3600) {
    return bad("--warmup must be from 0 to 3600 seconds");
  }
  if (!(o.get_fraction >= 0 && o.get_fraction <= 1)) return bad("--get-fraction must be from 0 to 1");
  if (o.keys < 1 || o.keys > 100'000'000) return bad("--keys must be from 1 to 100000000");
  if (o.value_size < 0 || o.value_size > (1 << 20)) return bad("--value-size must be from 0 to 1048576 bytes");
  if (!(o.timeout_s > 0) || !std::isfinite(o.timeout_s) || o.timeout_s > 3600) {
    return bad("--timeout must be a positive number of seconds (at most 3600)");
  }
  return true;
}

}  // namespace

int run_kv_bench(const KvBenchOptions& options) {
  if (!validate(options)) return kExitBadInput;
  const bool redis = !options.redis.empty();
  sockaddr_in redis_address{};
  std::vector<std::uint64_t> configs;
  std::string target_name;
  if (redis) {
    if (std::string error = runtime::RespClient::resolve_ipv4(options.redis, redis_address); !error.empty()) {
      std::fprintf(stderr, "grovesim kv-bench: --redis: %s\n", error.c_str());
      return kExitBadInput;
    }
    target_name = "redis " + options.redis;
  } else {
    const std::string dir = options.dir.empty() ? "grovesim-cluster" : options.dir;
    if (!resolve_config_servers("kv-bench", options.config, dir, configs)) return kExitBadInput;
    target_name = options.config.empty() ? "grovesim cluster " + dir : "grovesim config " + options.config;
  }

  const auto clients = static_cast<std::size_t>(options.clients);
  const auto timeout_ns = static_cast<env::DurationNs>(options.timeout_s * 1e9);
  const auto warmup_ns = static_cast<env::DurationNs>(options.warmup_s * 1e9);
  const auto duration_ns = static_cast<env::DurationNs>(options.duration_s * 1e9);
  Shared shared;
  shared.keys.reserve(static_cast<std::size_t>(options.keys));
  for (std::int64_t i = 0; i < options.keys; ++i) shared.keys.push_back("bench:" + std::to_string(i));
  shared.value.assign(static_cast<std::size_t>(options.value_size), 'v');

  // Setup (clerks fetch the configuration and a client id; Redis connects) and the preload
  // are bounded too: a cluster that is not up must not hang the command.
  const env::DurationNs within = 60 * env::kSecond + 4 * timeout_ns + warmup_ns + duration_ns;
  const std::optional<int> code = runtime::run_as_caller([&](runtime::ProcessEnv& process) {
    runtime::EventLoop& loop = process.loop();
    // One connection per client, as Redis clients have: each client is a caller of its own (its
    // own id and TcpNetwork) on the one loop. They live in this task, so they go away while the
    // loop still exists: when it returns, or when the loop unwinds it after the time limit (a
    // network's destructor closes its connections through the loop).
    std::vector<std::unique_ptr<runtime::ProcessEnv>> client_envs;
    shared.main_task = loop.current()->id;
    if (!redis && !options.shared_connection) {
      for (std::size_t c = 0; c < clients; ++c) {
        runtime::ProcessEnvOptions client_options;
        client_options.self = runtime::kFirstCallerId + (process.env().random.next() & ((std::uint64_t{1} << 40) - 1));
        client_envs.push_back(std::make_unique<runtime::ProcessEnv>(loop, client_options));
      }
    }
    std::size_t finished = 0;
    for (std::size_t c = 0; c < clients; ++c) {
      loop.spawn("bench_client", [&, c] {
        std::unique_ptr<Client> client;
        if (redis) {
          client = std::make_unique<RedisClient>(loop, redis_address, timeout_ns);
        } else if (options.shared_connection) {
          client = std::make_unique<GroveClient>(process, configs, timeout_ns);
        } else {
          client = std::make_unique<GroveClient>(*client_envs[c], configs, timeout_ns);
        }
        FastRandom random{0x9E3779B97F4A7C15ULL * (c + 1) ^ static_cast<std::uint64_t>(monotonic_now_ns())};
        std::string error;
        bool miss = false;
        // Preload: client c puts keys c, c + N, ... so every get hits.
        for (std::size_t k = c; k < shared.keys.size(); k += clients) {
          if (!client->put(shared.keys[k], shared.value, error)) {
            ++shared.preload_errors;
            note_error(shared, error);
          }
        }
        arrive_and_wait(loop, shared);
        const env::TimeNs measure_start = shared.measure_start_ns;
        const env::TimeNs measure_end = shared.measure_end_ns;
        const std::uint64_t key_count = shared.keys.size();
        for (env::TimeNs now = monotonic_now_ns(); now < measure_end;) {
          const bool is_get = random.unit() < options.get_fraction;
          const std::string& key = shared.keys[random.next() % key_count];
          miss = false;
          const bool ok = is_get ? client->get(key, miss, error) : client->put(key, shared.value, error);
          const env::TimeNs done = monotonic_now_ns();
          if (!ok) {
            // Every failed op that overlaps the window counts, even one that gave up after it
            // ended (the run waits for it): a failure is never dropped.
            if (done >= measure_start) {
              ++(is_get ? shared.get_errors : shared.put_errors);
              note_error(shared, error);
            } else {
              ++shared.warmup_errors;
              note_error(shared, error);
            }
          } else if (done >= measure_start && done < measure_end) {
            (is_get ? shared.get_latency : shared.put_latency).record(done - now);
            if (miss) ++shared.get_misses;
          }
          now = done;
        }
        ++finished;
        if (runtime::LoopTask* main = loop.find(shared.main_task)) loop.unpark(*main);
      });
    }
    wait_for_arrivals(loop, shared, clients);  // everyone connected and preloaded
    shared.measure_start_ns = monotonic_now_ns() + warmup_ns;
    shared.measure_end_ns = shared.measure_start_ns + duration_ns;
    release_all(loop, shared);
    while (finished < clients) loop.park();
    client_envs.clear();
    return 0;
  }, within);
  if (!code) {
    std::fprintf(stderr, "grovesim kv-bench: %s did not finish within %g s (is it up?)\n", target_name.c_str(),
                 static_cast<double>(within) / 1e9);
    return kExitFailed;
  }

  const double seconds = options.duration_s;
  LatencyHistogram all;
  all.merge(shared.get_latency);
  all.merge(shared.put_latency);
  const Summary gets = summarize(shared.get_latency, shared.get_errors, seconds);
  const Summary puts = summarize(shared.put_latency, shared.put_errors, seconds);
  const Summary total = summarize(all, shared.get_errors + shared.put_errors, seconds);

  if (options.json) {
    nlohmann::json out = {{"target", redis ? "redis" : "grovesim"},
                          {"address", redis ? options.redis : (options.config.empty() ? options.dir : options.config)},
                          {"clients", options.clients},
                          {"duration_s", options.duration_s},
                          {"warmup_s", options.warmup_s},
                          {"get_fraction", options.get_fraction},
                          {"keys", options.keys},
                          {"value_size", options.value_size},
                          {"connections", redis || !options.shared_connection ? "per-client" : "shared"},
                          {"get", summary_json(gets)},
                          {"put", summary_json(puts)},
                          {"all", summary_json(total)},
                          {"get_misses", shared.get_misses},
                          {"preload_errors", shared.preload_errors},
                          {"warmup_errors", shared.warmup_errors},
                          {"first_error", shared.first_error}};
    std::printf("%s\n", out.dump().c_str());
  } else {
    std::printf("kv-bench: %s; %lld clients%s, %g s measured after %g s warmup, %g%% gets, %lld keys, %lld-byte values\n",
                target_name.c_str(), static_cast<long long>(options.clients),
                redis || !options.shared_connection ? " (a connection each)" : " (one shared connection)",
                options.duration_s, options.warmup_s,
                options.get_fraction * 100, static_cast<long long>(options.keys),
                static_cast<long long>(options.value_size));
    std::printf("%-4s %10s %11s %9s %9s %9s %9s %8s\n", "op", "ops", "ops/s", "p50 us", "p90 us", "p99 us",
                "p99.9 us", "errors");
    const auto row = [](const char* name, const Summary& s) {
      std::printf("%-4s %10llu %11.0f %9.1f %9.1f %9.1f %9.1f %8llu\n", name, static_cast<unsigned long long>(s.ops),
                  s.ops_per_s, s.p50_us, s.p90_us, s.p99_us, s.p999_us, static_cast<unsigned long long>(s.errors));
    };
    row("get", gets);
    row("put", puts);
    row("all", total);
    if (shared.get_misses > 0) {
      std::printf("warning: %llu gets found no value\n", static_cast<unsigned long long>(shared.get_misses));
    }
    if (shared.preload_errors > 0) {
      std::printf("warning: %llu preload puts failed\n", static_cast<unsigned long long>(shared.preload_errors));
    }
    if (shared.warmup_errors > 0) {
      std::printf("warning: %llu ops failed during the warm-up\n", static_cast<unsigned long long>(shared.warmup_errors));
    }
    if (!shared.first_error.empty()) std::printf("first error: %s\n", shared.first_error.c_str());
  }
  return total.ops == 0 ? kExitFailed : kExitOk;
}

}  // namespace grove::cli
