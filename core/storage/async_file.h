// Whole-state async file (protocol.md §5.3), used by the Paxos node.
//
// write(data) replaces the latest version and returns its index; wait(index) blocks until a
// version >= index is durable. A flusher task writes only the latest version with the
// crash-atomic disk.write_atomic, so intermediate versions may be skipped. Recovery is a plain
// disk.read of the file (the last durably written version).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/env/env.h"

namespace grove::storage {

class AsyncFile : public std::enable_shared_from_this<AsyncFile> {
 public:
  // Starts the flusher task for `name`.
  static std::shared_ptr<AsyncFile> open(env::Env& env, std::string name);

  // Replaces the contents; returns the version index to wait for. Not a scheduling point
  // beyond taking the internal mutex.
  std::uint64_t write(env::Bytes data);

  // Blocks until the version `index` (or a later one) is durable.
  void wait(std::uint64_t index);

 private:
  AsyncFile(env::Env& env, std::string name);
  void flusher_loop();

  env::Env& env_;
  std::string name_;
  env::Mutex mutex_;
  env::CondVar changed_;
  env::Bytes data_;
  std::uint64_t index_ = 0;
  std::uint64_t durable_index_ = 0;
};

}  // namespace grove::storage
