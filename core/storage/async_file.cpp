#include "core/storage/async_file.h"

namespace grove::storage {

AsyncFile::AsyncFile(env::Env& env, std::string name)
    : env_(env), name_(std::move(name)), mutex_(env.tasks), changed_(env.tasks) {}

std::shared_ptr<AsyncFile> AsyncFile::open(env::Env& env, std::string name) {
  auto file = std::shared_ptr<AsyncFile>(new AsyncFile(env, std::move(name)));
  env.tasks.spawn("async_file_flusher", [file] { file->flusher_loop(); });
  return file;
}

std::uint64_t AsyncFile::write(env::Bytes data) {
  env::Lock lock(mutex_);
  data_ = std::move(data);
  index_ += 1;
  changed_.notify_all();
  return index_;
}

void AsyncFile::wait(std::uint64_t index) {
  env::Lock lock(mutex_);
  changed_.wait(lock, [&] { return durable_index_ >= index; });
}

void AsyncFile::flusher_loop() {
  env::Lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return durable_index_ < index_; });
    // Only the latest version is written (§5.3): it contains every earlier update.
    std::uint64_t index = index_;
    env::Bytes data = data_;
    lock.unlock();
    env_.disk.write_atomic(name_, data);
    lock.lock();
    durable_index_ = index;
    changed_.notify_all();
  }
}

}  // namespace grove::storage
