// The one handle protocol code gets for a node: everything it may touch of the world.
//
// Passed explicitly at construction (never a global), so several simulated worlds can live in
// one process. The referenced objects outlive every task of the node.
#pragma once

#include <functional>

#include "core/env/bugs.h"
#include "core/env/clock.h"
#include "core/env/disk.h"
#include "core/env/ghost.h"
#include "core/env/network.h"
#include "core/env/random.h"
#include "core/env/tasks.h"
#include "core/env/types.h"

namespace grove::env {

struct Env {
  NodeId self;
  Clock& clock;
  Tasks& tasks;
  Network& network;
  Disk& disk;
  Random& random;
  Ghost& ghost;
  const BugSet& bugs;
};

// A node's entry point. It runs in the node's first task at start and again after every
// restart, when it must recover from disk. It may return after spawning tasks and registering
// handlers; tasks keep the state they share alive (e.g. with std::shared_ptr).
using NodeMain = std::function<void(Env&)>;

}  // namespace grove::env
