// Runs protocol code as a caller (a client, the admin, a campaign driver): a process with an
// event loop, a network and no disk, identified by a random id above every address.
#pragma once

#include <functional>
#include <optional>

#include "runtime/process_env.h"

namespace grove::runtime {

// Runs `body` as the first task of a new caller; returns its result once it returns (tasks it
// spawned are unwound then), or nullopt if it is still running after `within_ns` (>= 0).
std::optional<int> run_as_caller(const std::function<int(ProcessEnv&)>& body,
                                 env::DurationNs within_ns = -1, env::BugSet bugs = {});

}  // namespace grove::runtime
