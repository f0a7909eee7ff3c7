// Test helper: compact construction of histories.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "traces/history.h"

namespace grove::checkers::testing {

inline traces::Operation op(std::uint64_t client, std::string name, std::string key,
                            std::vector<std::string> input, std::optional<std::string> output,
                            std::int64_t invoke_ns, std::int64_t return_ns) {
  traces::Operation operation;
  operation.client = client;
  operation.name = std::move(name);
  operation.key = std::move(key);
  operation.input = std::move(input);
  operation.output = std::move(output);
  operation.invoke_ns = invoke_ns;
  operation.return_ns = return_ns;
  return operation;
}

inline traces::History history_of(std::string model, std::vector<traces::Operation> ops) {
  traces::History history;
  history.model = std::move(model);
  history.operations = std::move(ops);
  return history;
}

}  // namespace grove::checkers::testing
