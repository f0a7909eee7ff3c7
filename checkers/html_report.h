// A self-contained HTML report of a linearizability check (inline CSS and SVG, no scripts,
// nothing fetched): one lane per client, operations as bars on a time axis (unknown outcomes
// open-ended), the failing window highlighted, and the explanation.
#pragma once

#include <string>

#include "checkers/linearizability.h"
#include "traces/history.h"

namespace grove::checkers {

struct ReportOptions {
  std::string title = "grovesim check";
  // At most this many operations are drawn (those of the failing partition first); the rest
  // are counted in a note.
  std::size_t max_drawn_operations = 3000;
  // For a violation: how many ops invoked before the window are drawn as context.
  std::size_t context_operations = 30;
};

std::string render_html_report(const traces::History& history,
                               const LinearizabilityResult& result,
                               const ReportOptions& options = {});

}  // namespace grove::checkers
