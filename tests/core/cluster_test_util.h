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

namespace grove::testing {

// Spot checks of protocol.md §8.1 on the ghost events (the full checkers live in checkers/):
//  2. per-epoch log agreement: one op per (epoch, index);
//  1. at most one primary per epoch;
//  11. lease safety: a read is served before its lease ends, and never after a config write of
//      a later epoch.
inline void expect_protocol_invariants(const sim::World& world) {
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint64_t> entries;
  std::map<std::uint64_t, env::NodeId> primaries;
  std::map<std::uint64_t, std::int64_t> first_config_write_ns;
  for (const auto& ghost : world.ghosts()) {
    if (ghost.kind == "entry_accepted") {
      auto position = std::make_pair(ghost.get("epoch"), ghost.get("index"));
      auto [it, inserted] = entries.emplace(position, ghost.get("op_hash"));
      EXPECT_TRUE(inserted || it->second == ghost.get("op_hash"))
          << "log disagreement at epoch " << position.first << " index " << position.second;
    } else if (ghost.kind == "became_primary") {
      auto [it, inserted] = primaries.emplace(ghost.get("epoch"), ghost.node);
      EXPECT_TRUE(inserted) << "two primaries in epoch " << ghost.get("epoch");
    } else if (ghost.kind == "config_write") {
      first_config_write_ns.emplace(ghost.get("epoch"), ghost.time_ns);
    }
  }
  std::size_t reported = 0;
  for (const auto& ghost : world.ghosts()) {
    if (ghost.kind != "read_served") continue;
    EXPECT_LT(ghost.time_ns, static_cast<std::int64_t>(ghost.get("expiry_ns")));
    for (const auto& [epoch, written_ns] : first_config_write_ns) {
      if (epoch > ghost.get("epoch") && written_ns <= ghost.time_ns && reported++ < 5) {
        ADD_FAILURE() << "read in epoch " << ghost.get("epoch") << " at " << ghost.time_ns
                      << " after epoch " << epoch << " went live at " << written_ns;
      }
    }
  }
}

}  // namespace grove::testing
