// A node's disk: durable files plus the operations in flight.
//
// Operations of one node are serialised (FIFO, like one device queue): each completes at
// max(now, busy_until) + latency, in issue order. A file's contents change only when its
// operation completes, so a crash before that loses the operation: write_atomic is then
// all-or-nothing, and the in-flight append may be torn (a strict prefix survives) when the disk
// model tears appends (protocol.md §0.3, §5.2).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/env/types.h"

namespace grove::sim {

struct DiskOperation {
  bool is_append = false;
  std::string file;
  std::string data;
};

struct DiskModel {
  std::map<std::string, std::string, std::less<>> files;
  env::TimeNs busy_until_ns = 0;
  // Operations issued but not completed, by operation id (issue order).
  std::map<std::uint64_t, DiskOperation> in_flight;
  std::uint64_t next_operation_id = 1;

  std::string read(std::string_view name) const {
    auto found = files.find(name);
    return found == files.end() ? std::string() : found->second;
  }
  void apply(const DiskOperation& operation) {
    if (operation.is_append) {
      files[operation.file] += operation.data;
    } else {
      files[operation.file] = operation.data;
    }
  }
};

}  // namespace grove::sim
