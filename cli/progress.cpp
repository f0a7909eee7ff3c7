#include "cli/progress.h"

#include <cstdio>
#include <utility>

#include "cli/run_support.h"

namespace grove::cli {

Progress::Progress(std::uint64_t total, bool terminal, std::string unit)
    : total_(total), terminal_(terminal), unit_(std::move(unit)), start_ns_(wall_now_ns()) {}

void Progress::update(std::uint64_t done, std::uint64_t failures) {
  done_ = done;
  failures_ = failures;
  // A terminal is redrawn at most 10 times a second; a log gets a line every 5 seconds.
  const std::int64_t now = wall_now_ns();
  const std::int64_t interval = terminal_ ? 100'000'000 : 5'000'000'000;
  if (done_ == total_ || now - last_draw_ns_ >= interval) {
    last_draw_ns_ = now;
    draw();
  }
}

void Progress::draw() {
  const double elapsed_s = static_cast<double>(wall_now_ns() - start_ns_) / 1e9;
  const double rate = elapsed_s > 0 ? static_cast<double>(done_) / elapsed_s : 0;
  const double eta_s = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = total_ == 0 ? kWidth : static_cast<int>(kWidth * done_ / total_);
    std::fprintf(stderr, "\r[%.*s%*s] %llu/%llu %s  %.1f/s  failures %llu  ETA %.0fs ",
                 filled, "##############################", kWidth - filled, "",
                 static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_),
                 unit_.c_str(), rate, static_cast<unsigned long long>(failures_), eta_s);
  } else {
    std::fprintf(stderr, "progress: %llu/%llu %s, %.1f %s/s, %llu failures, ETA %.0f s\n",
                 static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_),
                 unit_.c_str(), rate, unit_.c_str(), static_cast<unsigned long long>(failures_), eta_s);
  }
  std::fflush(stderr);
}

void Progress::message(const std::string& text) {
  if (terminal_) std::fprintf(stderr, "\r\033[K");
  std::fprintf(stderr, "%s\n", text.c_str());
  if (terminal_) draw();
}

void Progress::finish() {
  if (terminal_) std::fprintf(stderr, "\n");
}

}  // namespace grove::cli
