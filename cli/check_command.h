// `grovesim check`: linearizability (and friends) of a recorded or imported history.
#pragma once

#include <cstdint>
#include <string>

#include "checkers/linearizability.h"

namespace grove::cli {

struct CheckOptions {
  std::string history_path;
  std::string format = "auto";  // auto | grovesim | porcupine-etcd | porcupine-kv | jepsen-edn
  std::string model;            // empty: from the format / file
  double timeout_seconds = 0;   // 0: no time budget
  // Search steps (LinearizabilityOptions::max_steps): a pathological history ends with exit 3
  // in seconds, not minutes, and the verdict does not depend on the machine's load.
  std::uint64_t check_budget = checkers::kDefaultCheckBudgetSteps;
  std::string report_path;      // empty: no HTML report
  bool json = false;
  bool partition = true;        // --no-partition: check the whole history as one state
};

// Exit codes: 0 linearizable, 1 not linearizable, 2 bad input, 3 inconclusive (a budget ran
// out before a verdict).
int run_check(const CheckOptions& options);

}  // namespace grove::cli
