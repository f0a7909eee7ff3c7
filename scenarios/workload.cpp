#include "scenarios/workload.h"

#include <map>
#include <string>

namespace grove::scenarios {

namespace {

env::DurationNs draw_ms(env::Random& random, const RangeMs& range) {
  const auto min_ns = static_cast<env::DurationNs>(range.min * 1e6);
  const auto max_ns = static_cast<env::DurationNs>(range.max * 1e6);
  if (max_ns <= min_ns) return min_ns;
  return min_ns + static_cast<env::DurationNs>(random.below(static_cast<std::uint64_t>(max_ns - min_ns) + 1));
}

}  // namespace

void spawn_workload(Cluster& cluster, std::size_t client, const Workload& workload) {
  cluster.spawn_client(client, [client, workload](ClientSession& session) {
    env::Random& random = session.env().random;
    const double total = workload.put + workload.get + workload.cond_put;
    // The last value this client saw for each key: CondPut expects it, so some succeed.
    std::map<std::string, std::string> last_seen;
    // A restarted client starts counting again: the nonce keeps its values distinct.
    const std::string nonce = std::to_string(random.below(1'000'000));
    for (std::uint64_t n = 0;; ++n) {
      const std::string key = "k" + std::to_string(random.below(workload.keys));
      std::string value = "c" + std::to_string(client) + "." + nonce + "." + std::to_string(n) + ".";
      if (value.size() < static_cast<std::size_t>(workload.value_bytes)) {
        value.resize(workload.value_bytes, 'x');
      }
      const double pick = static_cast<double>(random.below(1'000'000)) / 1e6 * total;
      if (pick < workload.put) {
        if (session.put(key, value)) last_seen[key] = value;
      } else if (pick < workload.put + workload.get) {
        if (auto got = session.get(key)) last_seen[key] = *got;
      } else {
        if (auto got = session.cond_put(key, last_seen[key], value); got && *got == "ok") {
          last_seen[key] = value;
        }
      }
      session.env().clock.sleep(draw_ms(random, workload.think_ms));
    }
  });
}

}  // namespace grove::scenarios
