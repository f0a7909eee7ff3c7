// Records application operations into a traces::History with true invoke/return times, from
// inside client tasks. An op whose client crashes (or gives up) keeps an unknown outcome and
// no return time: it may or may not have taken effect. Shared by a workload and its tasks
// through a shared_ptr, so it outlives a crashed task.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/world.h"
#include "traces/history.h"

namespace grove::scenarios::apps {

class OpRecorder {
 public:
  OpRecorder(sim::World& world, std::string model) : world_(world) { history_.model = std::move(model); }

  std::size_t invoke(std::uint64_t client, std::string name, std::string key,
                     std::vector<std::string> input) {
    traces::Operation op;
    op.client = client;
    op.name = std::move(name);
    op.key = std::move(key);
    op.input = std::move(input);
    op.invoke_ns = world_.now();
    history_.operations.push_back(std::move(op));
    return history_.operations.size() - 1;
  }

  void complete(std::size_t op, std::string output) {
    traces::Operation& done = history_.operations.at(op);
    done.output = std::move(output);
    done.return_ns = world_.now();
  }

  traces::Operation& at(std::size_t op) { return history_.operations.at(op); }
  const traces::History& history() const { return history_; }
  sim::World& world() { return world_; }

 private:
  sim::World& world_;
  traces::History history_;
};

}  // namespace grove::scenarios::apps
