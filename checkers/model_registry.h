// Models by name: "register", "cas-register", "kv", "lock", "bank", and Knossos's "mutex",
// "set", "unordered-queue", "fifo-queue", "multi-register".
#pragma once

#include <string_view>
#include <vector>

#include "checkers/model.h"

namespace grove::checkers {

// The model called `name`, or nullptr.
const Model* find_model(std::string_view name);
std::vector<const Model*> all_models();

}  // namespace grove::checkers
