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
  void record(const TraceEvent& event);

  std::uint64_t hash() const { return hash_.value(); }
  std::uint64_t count() const { return count_; }

  // Writes every later event as one JSON object per line (see docs/formats.md).
  void write_jsonl_to(std::ostream* out) { jsonl_ = out; }

  // Remembers the rolling hash after each later event: prefix_hashes()[i] is the hash after
  // event i. Costs 8 bytes per event; used by --check-determinism.
  void keep_prefix_hashes(bool keep) { keep_prefix_hashes_ = keep; }
  const std::vector<std::uint64_t>& prefix_hashes() const { return prefix_hashes_; }

  // Calls `observer` for every later event (after hashing). For tests and live views.
  void observe(std::function<void(const TraceEvent&)> observer) { observer_ = std::move(observer); }

  // Counts of events per kind, for run summaries.
  std::uint64_t count_of(TraceKind kind) const { return per_kind_[static_cast<int>(kind)]; }

 private:
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
