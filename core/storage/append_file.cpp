#include "core/storage/append_file.h"

#include "core/env/check.h"

namespace grove::storage {

AppendOnlyFile::AppendOnlyFile(env::Env& env, std::string name)
    : env_(env), name_(std::move(name)), mutex_(env.tasks), changed_(env.tasks) {}

std::shared_ptr<AppendOnlyFile> AppendOnlyFile::open(env::Env& env, std::string name) {
  auto file = std::shared_ptr<AppendOnlyFile>(new AppendOnlyFile(env, std::move(name)));
  env.tasks.spawn("aof_flusher", [file] { file->flusher_loop(); });
  return file;
}

std::uint64_t AppendOnlyFile::append(std::string_view data) {
  env::Lock lock(mutex_);
  GROVE_CHECK(!closing_, "no append after close of an append-only file (§5.2)");
  buffer_.append(data);
  ++buffered_appends_;
  length_ += data.size();
  changed_.notify_all();
  return length_;
}

void AppendOnlyFile::wait_append(std::uint64_t length) {
  env::Lock lock(mutex_);
  GROVE_CHECK(length <= length_, "wait_append for bytes that were never appended (§5.2)");
  // Every byte up to `length`, not just the batch before it (planted bug S4, in the flusher).
  changed_.wait(lock, [&] { return durable_length_ >= length; });
}

std::uint64_t AppendOnlyFile::length() {
  env::Lock lock(mutex_);
  return length_;
}

void AppendOnlyFile::close() {
  env::Lock lock(mutex_);
  closing_ = true;
  changed_.notify_all();
  changed_.wait(lock, [&] { return closed_; });
}

void AppendOnlyFile::flusher_loop() {
  env::Lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return !buffer_.empty() || closing_; });
    if (buffer_.empty()) {
      // closing_ and nothing left: every appended byte is durable.
      GROVE_CHECK(durable_length_ == length_,
                  "close() leaves every appended byte durable (protocol.md §5.1, §5.2)");
      closed_ = true;
      changed_.notify_all();
      return;
    }
    // Commit delay (env::Disk::group_commit_delay_ns): wait at most the delay until this batch
    // has as many appends as the last one. The target clocks itself: it only holds a batch while
    // appends come concurrently (a lone appender's last batch held one, which it already has),
    // and appenders that are all already here (a closed loop of writers) are not held back.
    const env::DurationNs delay = env_.disk.group_commit_delay_ns();
    if (delay > 0 && buffered_appends_ < last_batch_appends_) {
      const env::DurationNs deadline = env_.clock.now().lo_ns + delay;
      while (buffered_appends_ < last_batch_appends_ && !closing_) {
        const env::DurationNs left = deadline - env_.clock.now().lo_ns;
        if (left <= 0 || !changed_.wait_for(lock, left)) break;
      }
    }
    // Group commit: the whole buffer becomes one durable append, written without the lock so
    // appenders keep filling the next batch.
    std::string batch = std::move(buffer_);
    buffer_.clear();
    last_batch_appends_ = buffered_appends_;
    buffered_appends_ = 0;
    std::uint64_t batch_end = length_;
    if (env_.bugs.has(env::Bug::S4)) {
      // Planted bug S4 (§8.2), off by one batch: the durable length moves when the previous
      // batch is durable and this one is taken, so waiters return while it is in flight.
      durable_length_ = batch_end;
      changed_.notify_all();
    }
    lock.unlock();
    env_.disk.append(name_, batch);
    lock.lock();
    // One flusher, batches in append order: the durable length only grows, and never past what
    // was appended (§5.2).
    GROVE_CHECK(durable_length_ <= batch_end && batch_end <= length_,
                "the durable length of an append-only file only grows, up to its length (protocol.md §5.2)");
    durable_length_ = batch_end;
    changed_.notify_all();
  }
}

}  // namespace grove::storage
