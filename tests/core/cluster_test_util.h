// Helpers for the Grove cluster simulation tests.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/cluster.h"
#include "sim/world.h"

namespace grove::testing {

inline sim::WorldOptions world_options(std::uint64_t seed) {
  sim::WorldOptions options;
  options.seed = seed;
  options.trace_schedule = false;
  return options;
}

// Counts ghost events of `kind` (optionally only from `node`).
inline std::size_t count_ghosts(const sim::World& world, const std::string& kind,
                                std::optional<env::NodeId> node = std::nullopt) {
  std::size_t count = 0;
  for (const auto& ghost : world.ghosts()) {
    if (ghost.kind == kind && (!node || ghost.node == *node)) ++count;
  }
  return count;
}

// Every acknowledged Put/CondPut("ok") value of each key, in acknowledgement order.
inline std::map<std::string, std::vector<std::string>> acknowledged_writes(
    const std::vector<scenarios::OpRecord>& history) {
  std::map<std::string, std::vector<std::string>> writes;
  for (const auto& op : history) {
    if (!op.output) continue;
    if (op.kind == scenarios::OpKind::kPut ||
        (op.kind == scenarios::OpKind::kCondPut && *op.output == "ok")) {
      writes[op.key].push_back(op.value);
    }
  }
  return writes;
}

}  // namespace grove::testing

namespace grove::testing {

// A client that owns its keys ("<round>c<client>-k<j>"): alternates Put and Get, and checks every Get
// returns its own latest write (it is the only writer, so linearizability demands exactly that).
struct OwnerWorkload {
  int ops_done = 0;
  int mismatches = 0;
  bool finished = false;
  std::map<std::string, std::string> last_written;
};

inline std::shared_ptr<OwnerWorkload> spawn_owner_workload(scenarios::Cluster& cluster,
                                                           std::size_t client, int ops,
                                                           int keys = 3,
                                                           std::string round = "") {
  auto workload = std::make_shared<OwnerWorkload>();
  cluster.spawn_client(client, [workload, client, ops, keys, round](scenarios::ClientSession& session) {
    for (int i = 0; i < ops; ++i) {
      std::string key = round + "c" + std::to_string(client) + "-k" + std::to_string(i % keys);
      if (i % 2 == 0) {
        std::string value = "c" + std::to_string(client) + "-v" + std::to_string(i);
        if (session.put(key, value)) workload->last_written[key] = value;
      } else {
        std::optional<std::string> got = session.get(key);
        auto expected = workload->last_written.find(key);
        std::string want = expected == workload->last_written.end() ? "" : expected->second;
        if (got && *got != want) {
          ADD_FAILURE() << "client " << client << " read " << key << " = '" << *got
                        << "', expected '" << want << "'";
          workload->mismatches += 1;
        }
      }
      workload->ops_done += 1;
    }
    workload->finished = true;
  });
  return workload;
}

inline bool all_finished(const std::vector<std::shared_ptr<OwnerWorkload>>& workloads) {
  for (const auto& workload : workloads) {
    if (!workload->finished) return false;
  }
  return true;
}

// Reads every key that has an acknowledged write (from client `reader`) and checks it holds
// the last acknowledged value: each key has one sequential writer, so the last acknowledged
// write must be the current value. Runs the world until done.
inline void expect_acknowledged_writes_present(scenarios::Cluster& cluster, std::size_t reader,
                                               env::DurationNs within = 30 * env::kSecond) {
  std::map<std::string, std::string> expected;
  for (const auto& [key, values] : acknowledged_writes(cluster.history())) expected[key] = values.back();
  ASSERT_FALSE(expected.empty());
  auto read = std::make_shared<std::map<std::string, std::string>>();
  auto done = std::make_shared<bool>(false);
  cluster.spawn_client(reader, [expected, read, done](scenarios::ClientSession& session) {
    for (const auto& [key, value] : expected) {
      std::optional<std::string> got = session.get(key);
      if (got) (*read)[key] = *got;
    }
    *done = true;
  });
  ASSERT_TRUE(cluster.run_until([done] { return *done; }, within)) << "final reads stalled";
  EXPECT_EQ(*read, expected);
}

}  // namespace grove::testing
