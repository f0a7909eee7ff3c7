// Append-only file with a background flusher and group commit (protocol.md §5.2).
//
// append() only buffers and returns the logical length L after the data; wait_append(L) blocks
// until every byte up to L is durable. One flusher task writes the whole buffer with a single
// durable disk.append outside the lock, so concurrent appenders share one disk write. A crash
// loses the buffer and possibly tears the batch in flight (callers frame records, see
// record_format.h). Lengths count bytes appended since open(), not the file size.
//
// Threading: every method may be called from any task of the node; append() must not race with
// close() (the replica calls both under its own mutex). The flusher holds a shared_ptr, so the
// object lives until close() (or the node's crash) ends it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/env/env.h"

namespace grove::storage {

class AppendOnlyFile : public std::enable_shared_from_this<AppendOnlyFile> {
 public:
  // Starts the flusher task for `name`, which must already hold a well-formed prefix.
  static std::shared_ptr<AppendOnlyFile> open(env::Env& env, std::string name);

  // Buffers `data`; returns the logical length after it. Wakes the flusher.
  std::uint64_t append(std::string_view data);

  // Blocks until the durable length reaches `length` (§5.2 WaitAppend).
  void wait_append(std::uint64_t length);

  // Logical length of everything appended so far (durable or not).
  std::uint64_t length();

  // Flushes everything, then stops the flusher. Blocks. No append() may follow.
  void close();

 private:
  AppendOnlyFile(env::Env& env, std::string name);
  void flusher_loop();

  env::Env& env_;
  std::string name_;
  env::Mutex mutex_;
  env::CondVar changed_;  // buffer filled, durable length raised, closing/closed
  std::string buffer_;
  std::uint64_t buffered_appends_ = 0;  // append() calls in buffer_
  std::uint64_t last_batch_appends_ = 0;  // in the batch taken last
  std::uint64_t length_ = 0;
  std::uint64_t durable_length_ = 0;
  bool closing_ = false;
  bool closed_ = false;
};

}  // namespace grove::storage
