// The vKV client workload: each client loops over random Put / Get / CondPut ops on a small key
// space, with think time, recording every op in the cluster's history. Values are unique per
// op, so the linearizability checker sees which write a read observed.
#pragma once

#include <cstddef>

#include "scenarios/cluster.h"
#include "scenarios/scenario.h"

namespace grove::scenarios {

// Starts client `client`'s workload loop in a new task of its node. Draws from the node's own
// random stream, so a client's choices do not depend on other nodes.
void spawn_workload(Cluster& cluster, std::size_t client, const Workload& workload);

}  // namespace grove::scenarios
