// The workload ops an app run leaves out (Workload::skip_ops, as (client, n): the n-th op of
// client's workload round), and how many ops each client started: how `grovesim shrink` removes
// single app operations by delta debugging, as for vKV clients (scenarios/workload.cpp). A
// left-out op still draws what it would have drawn from the client's own randomness (key, kind,
// amounts, hold and think times), so the ops after it keep their draws as far as the client's
// own code goes (the clerks underneath draw from the same node randomness and may differ).
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace grove::scenarios::apps {

using OpList = std::vector<std::pair<std::uint64_t, std::uint64_t>>;  // sorted (client, n)

class OpSkips {
 public:
  OpSkips(OpList skip, std::size_t clients) : skip_(std::move(skip)), started_(clients, 0) {
    std::sort(skip_.begin(), skip_.end());
  }

  // Client `client` starts op `n` of its workload round (again, after a restart: counted
  // once). True if the op is left out.
  bool start(std::size_t client, std::uint64_t n) {
    started_.at(client) = std::max(started_.at(client), n + 1);
    return std::binary_search(skip_.begin(), skip_.end(), std::pair<std::uint64_t, std::uint64_t>(client, n));
  }

  // Per client: ops numbered below this were started (left-out ones included).
  const std::vector<std::uint64_t>& started() const { return started_; }

 private:
  OpList skip_;
  std::vector<std::uint64_t> started_;
};

}  // namespace grove::scenarios::apps
