// A run's report, self-contained HTML that tells the story of a failure: first every violation
// (checker, rule, message, the trace event where it became true) under a banner that is never
// green for a failed run; then a message-sequence chart (one lane per node over virtual time,
// messages as arrows, crashes, pauses, clogs and partitions as bands, leases as intervals,
// protocol events as marks, the violating event highlighted), drawn by default for a window
// around the first violation so that a 100k-event run stays usable, zoomable; then the client
// history's linearizability view (the app's own history for an app run).
#pragma once

#include <string>

#include "scenarios/runner.h"
#include "traces/run_digest.h"

namespace grove::scenarios {

struct RunReportOptions {
  std::string title;
  std::size_t max_messages = 1500;            // drawn in the chart's window
  std::int64_t before_ns = 500'000'000;       // window before the first violation
  std::int64_t after_ns = 100'000'000;        // and after it
  std::size_t max_event_rows = 300;           // protocol events listed under the chart
};

std::string render_run_report(const RunResult& result, const traces::RunDigest& digest,
                              const RunReportOptions& options = {});

}  // namespace grove::scenarios
