// `grovesim kv-bench`: a closed-loop load generator against a grovesim cluster (vKV clerks)
// or a Redis server (GET/SET over RESP), for comparing the two (scripts/bench-vs-redis.sh,
// docs/runtime-bench.md). N client fibers in this one process each issue one op at a time;
// ops completed during the measured window are counted, with latency percentiles per kind;
// every failed op that overlaps the window is counted as an error.
#pragma once

#include <cstdint>
#include <string>

namespace grove::cli {

struct KvBenchOptions {
  std::string dir;     // a cluster directory of `cluster up` (default grovesim-cluster)
  std::string config;  // or the config servers, A.B.C.D:PORT,...
  std::string redis;   // or a Redis server, HOST:PORT
  std::int64_t clients = 50;
  double duration_s = 10;
  double warmup_s = 1;
  double get_fraction = 0.95;
  std::int64_t keys = 1000;
  std::int64_t value_size = 64;
  double timeout_s = 5;  // one op gives up (counted as an error) after this long
  // grovesim: all clients share this process's one connection per server (the runtime
  // multiplexes calls) instead of one connection each, as Redis clients have.
  bool shared_connection = false;
  bool json = false;
};

int run_kv_bench(const KvBenchOptions& options);

}  // namespace grove::cli
