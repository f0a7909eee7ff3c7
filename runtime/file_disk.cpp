#include "runtime/file_disk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/env/check.h"

namespace grove::runtime {

namespace {

[[noreturn]] void disk_failure(const std::string& what, const std::string& path) {
  std::fprintf(stderr, "grovesim: disk error: %s %s: %s\n", what.c_str(), path.c_str(),
               std::strerror(errno));
  std::_Exit(1);
}

void write_all(int fd, std::string_view data, const std::string& path) {
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      disk_failure("write", path);
    }
    written += static_cast<std::size_t>(n);
  }
}

bool valid_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

}  // namespace

FileDisk::FileDisk(EventLoop& loop, std::string directory, env::DurationNs group_commit_delay_ns)
    : loop_(loop), directory_(std::move(directory)), group_commit_delay_ns_(group_commit_delay_ns) {
  thread_ = std::thread([this] { thread_main(); });
}

FileDisk::~FileDisk() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  thread_.join();
  for (auto& [name, fd] : append_fds_) close(fd);
}

env::Bytes FileDisk::submit(Kind kind, std::string_view name, std::string_view data) {
  GROVE_CHECK(valid_name(name), "a disk file name is one path component");
  LoopTask* self = loop_.current();
  GROVE_CHECK(self != nullptr, "disk operations run in a task");
  auto completion = std::make_shared<Completion>();
  {
    std::lock_guard<std::mutex> guard(mutex_);
    queue_.push_back(Operation{kind, std::string(name), std::string(data), self->id, completion});
  }
  queued_.notify_one();
  // Only the disk thread's completion, posted to the loop, sets `done`.
  while (!completion->done) loop_.park();
  return std::move(completion->contents);
}

void FileDisk::thread_main() {
  for (;;) {
    Operation operation;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      operation = queue_.front();
      queue_.pop_front();
    }
    perform(operation);
    loop_.post_from_thread([loop = &loop_, task_id = operation.task_id, completion = operation.completion] {
      completion->done = true;
      if (LoopTask* task = loop->find(task_id)) loop->unpark(*task);
    });
  }
}

void FileDisk::sync_directory() {
  const int fd = open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) disk_failure("fsync directory", directory_);
  close(fd);
}

void FileDisk::perform(const Operation& operation) {
  const std::string file = path(operation.name);
  switch (operation.kind) {
    case Kind::kRead: {
      // The appender's descriptor sees the same file: a read after appends reads their bytes.
      const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        if (errno != ENOENT) disk_failure("open", file);
        return;
      }
      char buffer[65536];
      for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) disk_failure("read", file);
        if (n == 0) break;
        operation.completion->contents.append(buffer, static_cast<std::size_t>(n));
      }
      close(fd);
      return;
    }
    case Kind::kWriteAtomic: {
      auto cached = append_fds_.find(operation.name);
      if (cached != append_fds_.end()) {
        close(cached->second);
        append_fds_.erase(cached);
      }
      const std::string temporary = file + ".tmp";
      const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd < 0) disk_failure("open", temporary);
      write_all(fd, operation.data, temporary);
      if (fsync(fd) != 0) disk_failure("fsync", temporary);
      close(fd);
      if (rename(temporary.c_str(), file.c_str()) != 0) disk_failure("rename", temporary);
      sync_directory();
      ++syncs_;
      return;
    }
    case Kind::kAppend: {
      auto cached = append_fds_.find(operation.name);
      int fd;
      if (cached != append_fds_.end()) {
        fd = cached->second;
      } else {
        const bool existed = access(file.c_str(), F_OK) == 0;
        fd = open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0) disk_failure("open", file);
        if (!existed) sync_directory();  // the new file's name must survive a crash too
        append_fds_.emplace(operation.name, fd);
      }
      write_all(fd, operation.data, file);
      if (fdatasync(fd) != 0) disk_failure("fdatasync", file);
      ++syncs_;
      return;
    }
  }
}

env::Bytes FileDisk::read(std::string_view name) {
  return submit(Kind::kRead, name, {});
}

void FileDisk::write_atomic(std::string_view name, std::string_view data) {
  submit(Kind::kWriteAtomic, name, data);
}

void FileDisk::append(std::string_view name, std::string_view data) {
  submit(Kind::kAppend, name, data);
}

}  // namespace grove::runtime
