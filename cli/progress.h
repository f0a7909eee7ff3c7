// Campaign progress: a bar redrawn in place on a terminal, plain lines otherwise.
#pragma once

#include <cstdint>
#include <string>

namespace grove::cli {

class Progress {
 public:
  // `unit`: what is counted ("seeds", "runs").
  Progress(std::uint64_t total, bool terminal, std::string unit = "seeds");
  void update(std::uint64_t done, std::uint64_t failures);
  // A line that must not be overwritten (a failing seed).
  void message(const std::string& text);
  void finish();

 private:
  void draw();

  std::uint64_t total_;
  bool terminal_;
  std::string unit_;
  std::uint64_t done_ = 0;
  std::uint64_t failures_ = 0;
  std::int64_t start_ns_;
  std::int64_t last_draw_ns_ = 0;
};

}  // namespace grove::cli
