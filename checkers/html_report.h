// A self-contained HTML report of a linearizability check (inline CSS and SVG, no scripts,
// nothing fetched): one lane per client, operations as bars on a time axis (unknown outcomes
// open-ended), the failing window highlighted, and the explanation.
#pragma once

#include <string>
#include <string_view>

#include "checkers/linearizability.h"
#include "traces/history.h"
#include "traces/utf8.h"

namespace grove::checkers {

struct ReportOptions {
  std::string title = "grovesim check";
  // At most this many operations are drawn (those of the failing partition first); the rest
  // are counted in a note.
  std::size_t max_drawn_operations = 3000;
  // For a violation: how many ops invoked before the window are drawn as context.
  std::size_t context_operations = 30;
  // Part of a failed run's report: a linearizable history gets no green badge (the run failed
  // on another checker), only a neutral note.
  bool run_failed = false;
};

std::string render_html_report(const traces::History& history,
                               const LinearizabilityResult& result,
                               const ReportOptions& options = {});

// The same without the page around it (verdict, explanation, timeline, window table), for a
// run's report (scenarios/run_report.h); report_style() is the CSS both use.
std::string render_history_section(const traces::History& history,
                                   const LinearizabilityResult& result,
                                   const ReportOptions& options = {});
std::string report_style();

// HTML-escaped text; bytes that are not valid UTF-8 become U+FFFD, so a page is valid UTF-8.
std::string escape_html(std::string_view text);
// The longest prefix of at most `max_bytes` bytes that does not cut a UTF-8 character.
using traces::utf8_prefix;

}  // namespace grove::checkers
