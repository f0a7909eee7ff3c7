// env::Disk over a data directory (protocol.md §0.3 on a real file system).
//
// Every operation runs on one disk thread, in the order the node issued it (as the simulator's
// per-node FIFO disk does), while the calling task parks; the event loop keeps serving the
// network meanwhile. Group commit is the protocol's own (core/storage/append_file.h): its
// flusher issues one append for everything buffered since the last one.
//   append:       write(2) with O_APPEND, then fdatasync; a new file's directory is fsynced.
//   write_atomic: write NAME.tmp, fsync it, rename over NAME, fsync the directory.
//   read:         the whole file ("" if it does not exist).
// A disk error (EIO, ENOSPC) stops the process with a one-line message: after a failed fsync
// the file's durable contents are unknown, and a node must not go on as if they were written.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/env/disk.h"
#include "runtime/event_loop.h"

namespace grove::runtime {

class FileDisk final : public env::Disk {
 public:
  // `directory` must exist. `group_commit_delay_ns`: see env::Disk::group_commit_delay_ns.
  FileDisk(EventLoop& loop, std::string directory, env::DurationNs group_commit_delay_ns = 0);
  ~FileDisk() override;

  env::Bytes read(std::string_view name) override;
  void write_atomic(std::string_view name, std::string_view data) override;
  void append(std::string_view name, std::string_view data) override;
  env::DurationNs group_commit_delay_ns() override { return group_commit_delay_ns_; }

  std::uint64_t syncs() const { return syncs_; }

 private:
  enum class Kind : std::uint8_t { kRead, kWriteAtomic, kAppend };
  // Shared with the disk thread, so a caller unwound while parked (the loop torn down) leaves
  // nothing dangling.
  struct Completion {
    bool done = false;
    env::Bytes contents;  // kRead's result
  };
  struct Operation {
    Kind kind;
    std::string name;
    std::string data;
    std::uint64_t task_id;
    std::shared_ptr<Completion> completion;
  };

  // Queues the operation and parks the calling task until the disk thread has done it.
  env::Bytes submit(Kind kind, std::string_view name, std::string_view data);
  void thread_main();
  void perform(const Operation& operation);
  std::string path(const std::string& name) const { return directory_ + "/" + name; }
  void sync_directory();

  EventLoop& loop_;
  std::string directory_;
  env::DurationNs group_commit_delay_ns_;
  std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<Operation> queue_;
  bool stopping_ = false;
  std::map<std::string, int> append_fds_;  // disk thread only
  std::atomic<std::uint64_t> syncs_{0};
  std::thread thread_;
};

}  // namespace grove::runtime
