// The one place every trace event goes through. It folds each event into a rolling hash and,
// when asked, writes it as a JSON line and/or remembers the hash after every event (to find the
// first divergent event between two runs of the same seed).
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "traces/rolling_hash.h"
#include "traces/trace_event.h"

namespace grove::traces {

class TraceRecorder {
 public:
  // Inline: it runs at every context switch. The fixed fields are combined with independent
  // multiplies by large odd constants, then mixed once; any change of a field changes the hash
  // unless the weighted sums collide, which natural traces do not make happen.
  void record(const TraceEvent& event) {
    constexpr std::uint64_t kPrime1 = 0x9e3779b97f4a7c15ULL;
    constexpr std::uint64_t kPrime2 = 0xc2b2ae3d27d4eb4fULL;
    constexpr std::uint64_t kPrime3 = 0x165667b19e3779f9ULL;
    constexpr std::uint64_t kPrime4 = 0xd6e8feb86659fd93ULL;
    constexpr std::uint64_t kPrime5 = 0x27d4eb2f165667c5ULL;
    const std::uint64_t x = static_cast<std::uint64_t>(event.time_ns) * kPrime1 +
                            event.a * kPrime2 + event.b * kPrime3;
    const std::uint64_t y = event.node * kPrime4 + event.peer * kPrime5 +
                            (static_cast<std::uint64_t>(event.kind) + 1) * kPrime1;
    hash_.fold(x + ((y << 29) | (y >> 35)));
    if (!event.label.empty() || event.field_count > 0) fold_label_and_fields(event);
    ++count_;
    ++per_kind_[static_cast<int>(event.kind)];
    if (extras_) record_extras(event);
  }

  std::uint64_t hash() const { return hash_.value(); }
  std::uint64_t count() const { return count_; }

  // Writes every later event as one JSON object per line (see docs/formats.md).
  void write_jsonl_to(std::ostream* out) {
    jsonl_ = out;
    update_extras();
  }

  // Remembers the rolling hash after each later event: prefix_hashes()[i] is the hash after
  // event i. Costs 8 bytes per event; used by --check-determinism.
  void keep_prefix_hashes(bool keep) {
    keep_prefix_hashes_ = keep;
    update_extras();
  }
  const std::vector<std::uint64_t>& prefix_hashes() const { return prefix_hashes_; }

  // Calls `observer` for every later event (after hashing). For tests and live views.
  void observe(std::function<void(const TraceEvent&)> observer) {
    observer_ = std::move(observer);
    update_extras();
  }

  // Counts of events per kind, for run summaries.
  std::uint64_t count_of(TraceKind kind) const { return per_kind_[static_cast<int>(kind)]; }

 private:
  void fold_label_and_fields(const TraceEvent& event);
  void record_extras(const TraceEvent& event);
  void update_extras() { extras_ = jsonl_ != nullptr || keep_prefix_hashes_ || observer_; }

  bool extras_ = false;
  RollingHash hash_;
  std::uint64_t count_ = 0;
  std::uint64_t per_kind_[static_cast<int>(TraceKind::kCount)] = {};
  std::ostream* jsonl_ = nullptr;
  bool keep_prefix_hashes_ = false;
  std::vector<std::uint64_t> prefix_hashes_;
  std::function<void(const TraceEvent&)> observer_;
};

// One JSON object (without newline) for `event`; `index` is its position in the trace.
std::string trace_event_json(const TraceEvent& event, std::uint64_t index);

}  // namespace grove::traces
