#include "checkers/history_validation.h"

#include <algorithm>
#include <map>
#include <vector>

namespace grove::checkers {

std::optional<std::string> find_client_overlap(const traces::History& history) {
  // Per client, its operations by invocation time; each must start at or after the return of
  // the previous one that returned.
  std::map<std::uint64_t, std::vector<std::size_t>> by_client;
  for (std::size_t i = 0; i < history.operations.size(); ++i) {
    by_client[history.operations[i].client].push_back(i);
  }
  std::optional<std::pair<std::size_t, std::size_t>> first;  // (later op, earlier op)
  for (auto& [client, ops] : by_client) {
    std::stable_sort(ops.begin(), ops.end(), [&](std::size_t a, std::size_t b) {
      return history.operations[a].invoke_ns < history.operations[b].invoke_ns;
    });
    std::optional<std::size_t> last_returned;
    for (const std::size_t i : ops) {
      const traces::Operation& op = history.operations[i];
      if (last_returned && op.invoke_ns < history.operations[*last_returned].return_ns) {
        if (!first || i < first->first) first = std::make_pair(i, *last_returned);
        break;
      }
      if (op.return_ns != traces::kNoReturn &&
          (!last_returned || op.return_ns > history.operations[*last_returned].return_ns)) {
        last_returned = i;
      }
    }
  }
  if (!first) return std::nullopt;
  const traces::Operation& later = history.operations[first->first];
  const traces::Operation& earlier = history.operations[first->second];
  return "operation #" + std::to_string(first->first) + " of client " +
         std::to_string(later.client) + " (" + describe_operation(later) + ") is invoked at " +
         std::to_string(later.invoke_ns) + ", before its operation #" +
         std::to_string(first->second) + " (" + describe_operation(earlier) + ") returned at " +
         std::to_string(earlier.return_ns) +
         ": one client's operations must not overlap (a client is one thread; a duplicated "
         "block of operations overlaps itself)";
}

}  // namespace grove::checkers
