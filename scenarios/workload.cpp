#include "scenarios/workload.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace grove::scenarios {

namespace {

using Stream = sim::ChoiceSource::Stream;

env::DurationNs draw_ms(Stream& random, const RangeMs& range) {
  const auto min_ns = static_cast<env::DurationNs>(range.min * 1e6);
  const auto max_ns = static_cast<env::DurationNs>(range.max * 1e6);
  if (max_ns <= min_ns) return min_ns;
  return min_ns + static_cast<env::DurationNs>(random.choose(static_cast<std::uint64_t>(max_ns - min_ns) + 1));
}

bool chance(Stream& random, double probability) {
  return probability > 0 && random.chance_ppm(static_cast<std::uint32_t>(probability * 1e6));
}

// Values this client wrote, for repeats: the most recent few.
constexpr std::size_t kRememberedValues = 8;

class ValueShaper {
 public:
  ValueShaper(const Workload& workload, Stream& random, std::string prefix)
      : workload_(workload), random_(random), prefix_(std::move(prefix)) {}

  // The value of this client's n-th op.
  std::string next(std::uint64_t n) {
    if (!written_.empty() && chance(random_, workload_.repeat_values)) {
      return written_[random_.choose(written_.size())];
    }
    std::string value;
    if (!chance(random_, workload_.empty_values)) {
      value = prefix_ + std::to_string(n) + ".";
      std::size_t length = static_cast<std::size_t>(workload_.value_bytes);
      if (chance(random_, workload_.long_values)) {
        const RangeBytes& range = workload_.long_value_bytes;
        length = static_cast<std::size_t>(range.min) +
                 random_.choose(static_cast<std::uint64_t>(range.max - range.min) + 1);
      }
      if (value.size() < length) value.resize(length, 'x');
    }
    if (written_.size() == kRememberedValues) written_.erase(written_.begin());
    written_.push_back(value);
    return value;
  }

 private:
  const Workload& workload_;
  Stream& random_;
  std::string prefix_;
  std::vector<std::string> written_;
};

}  // namespace

void spawn_workload(Cluster& cluster, std::size_t client, const Workload& workload,
                    std::vector<std::uint64_t>* ops_started) {
  Stream& random = cluster.world().choices().stream("workload." + std::to_string(client));
  cluster.spawn_client(client, [client, workload, &random, ops_started](ClientSession& session) {
    const double total = workload.put + workload.get + workload.cond_put;
    // The last value this client saw for each key: CondPut expects it, so some succeed.
    std::map<std::string, std::string> last_seen;
    // A restarted client starts counting again: the nonce keeps its values distinct.
    const std::string nonce = std::to_string(random.choose(1'000'000));
    ValueShaper values(workload, random, "c" + std::to_string(client) + "." + nonce + ".");
    const auto bound = static_cast<std::uint64_t>(workload.ops_per_client);
    for (std::uint64_t n = 0; bound == 0 || n < bound; ++n) {
      if (ops_started != nullptr) (*ops_started)[client] = std::max((*ops_started)[client], n + 1);
      const std::uint64_t key_index =
          chance(random, workload.hot_key) ? 0 : random.choose(static_cast<std::uint64_t>(workload.keys));
      const std::string key = "k" + std::to_string(key_index);
      const double pick = static_cast<double>(random.choose(1'000'000)) / 1e6 * total;
      const bool skipped = std::binary_search(workload.skip_ops.begin(), workload.skip_ops.end(),
                                              std::pair<std::uint64_t, std::uint64_t>(client, n));
      if (skipped) {
        // Drawn like the op it replaces (a value too, for a write), so no later draw moves.
        const bool write = pick < workload.put || pick >= workload.put + workload.get;
        if (write) values.next(n);
      } else if (pick < workload.put) {
        const std::string value = values.next(n);
        if (session.put(key, value)) last_seen[key] = value;
      } else if (pick < workload.put + workload.get) {
        if (auto got = session.get(key)) last_seen[key] = *got;
      } else {
        const std::string value = values.next(n);
        if (auto got = session.cond_put(key, last_seen[key], value); got && *got == "ok") {
          last_seen[key] = value;
        }
      }
      session.env().clock.sleep(draw_ms(random, workload.think_ms));
    }
  });
}

}  // namespace grove::scenarios
