// env::Disk over files: appends and atomic writes are there after the disk object (and in
// production the process) is gone; reads see every earlier operation.
#include <gtest/gtest.h>

#include <filesystem>

#include "runtime/event_loop.h"
#include "runtime/file_disk.h"

namespace grove::runtime {
namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("grovesim-disk-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void in_task(EventLoop& loop, const std::function<void()>& body) {
  loop.spawn("test", body);
  loop.run();
}

TEST(FileDisk, AppendsAndAtomicWritesAreReadBackAndOutliveTheDiskObject) {
  const auto dir = fresh_dir("basic");
  {
    EventLoop loop;
    FileDisk disk(loop, dir.string());
    in_task(loop, [&] {
      EXPECT_EQ(disk.read("log"), "");  // missing: empty
      disk.append("log", "one,");
      disk.append("log", "two,");
      EXPECT_EQ(disk.read("log"), "one,two,");
      disk.write_atomic("state", "v1");
      disk.write_atomic("state", "v2");
      EXPECT_EQ(disk.read("state"), "v2");
      disk.write_atomic("log", "rewritten");  // replaces a file that was appended to
      disk.append("log", "+more");
      EXPECT_EQ(disk.read("log"), "rewritten+more");
    });
    EXPECT_GE(disk.syncs(), 6u);
  }
  EventLoop loop;
  FileDisk again(loop, dir.string());
  in_task(loop, [&] {
    EXPECT_EQ(again.read("log"), "rewritten+more");
    EXPECT_EQ(again.read("state"), "v2");
  });
  EXPECT_FALSE(std::filesystem::exists(dir / "state.tmp"));
  std::filesystem::remove_all(dir);
}

TEST(FileDisk, OperationsOfConcurrentTasksAllLand) {
  const auto dir = fresh_dir("concurrent");
  EventLoop loop;
  FileDisk disk(loop, dir.string());
  int done = 0;
  for (int i = 0; i < 10; ++i) {
    loop.spawn("appender", [&, i] {
      disk.append("log", std::string(1, static_cast<char>('a' + i)));
      ++done;
    });
  }
  loop.run();
  EXPECT_EQ(done, 10);
  std::string contents;
  in_task(loop, [&] { contents = disk.read("log"); });
  std::sort(contents.begin(), contents.end());
  EXPECT_EQ(contents, "abcdefghij");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace grove::runtime
