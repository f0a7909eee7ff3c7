#include "scenarios/run_report.h"

#include <algorithm>
#include <cstdio>

#include "checkers/html_report.h"

namespace grove::scenarios {

namespace {

using checkers::escape_html;

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string ms(std::int64_t ns) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f ms", static_cast<double>(ns) / 1e6);
  return buffer;
}

constexpr const char* kRunStyle = R"(
.banner { padding: 8px 14px; border-radius: 6px; font-weight: 600; font-size: 16px; margin: 8px 0 16px; }
.banner.failed { background: #fbd9d9; color: #8a1111; border: 1px solid #e3a0a0; }
.banner.passed { background: #d7f5dd; color: #135c23; }
.banner.inconclusive { background: #fdf1c7; color: #6b5200; }
table.violations td.message { font-family: system-ui, sans-serif; white-space: pre-wrap; }
.msc-wrap { display: flex; border: 1px solid #ddd; margin: 8px 0; }
.msc-labels { flex: none; border-right: 1px solid #ddd; background: #fafafa; }
.msc-labels div { font: 11px monospace; padding: 0 6px; white-space: nowrap; }
.msc-scroll { overflow-x: auto; flex: 1; }
.msc-axis { position: relative; height: 16px; font: 10px monospace; color: #555; }
.msc-axis span { position: absolute; top: 1px; white-space: nowrap; }
svg#msc line.lane { stroke: #e4e4e4; }
svg#msc line.msg { stroke: #4a78b5; stroke-width: 1; }
svg#msc line.msg.reply { stroke: #6aa06a; }
svg#msc line.msg.dropped { stroke: #c33; stroke-dasharray: 3 2; }
svg#msc line.msg.inflight { stroke: #999; stroke-dasharray: 2 3; }
svg#msc rect.crashed { fill: #f4b6b6; }
svg#msc rect.paused { fill: #cfcfcf; }
svg#msc rect.clogged { fill: #f6e3a1; }
svg#msc rect.partition { fill: #ffcf8f; fill-opacity: 0.25; }
svg#msc rect.lease { fill: #7cc78a; fill-opacity: 0.55; }
svg#msc circle.mark { fill: #555; }
svg#msc circle.mark.fault { fill: #d07000; }
svg#msc circle.mark.violating { fill: #e00; stroke: #600; stroke-width: 2; }
svg#msc line.violation { stroke: #e00; stroke-width: 2; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: middle; }
button { margin-right: 6px; }
)";

// Zoom keeps the violation in view: the chart is stretched horizontally (viewBox unchanged)
// and scrolled so that the violation's x stays centred.
constexpr const char* kZoomScript = R"(
function grovesimZoom(factor) {
  var svg = document.getElementById('msc');
  var axis = document.getElementById('msc-axis');
  var scroll = document.getElementById('msc-scroll');
  var base = parseFloat(svg.getAttribute('data-base-width'));
  var zoom = parseFloat(svg.getAttribute('data-zoom')) * factor;
  if (factor === 0) zoom = 1;
  zoom = Math.max(1, Math.min(zoom, 256));
  svg.setAttribute('data-zoom', String(zoom));
  svg.setAttribute('width', String(base * zoom));
  axis.style.width = (base * zoom) + 'px';
  var focus = parseFloat(svg.getAttribute('data-focus'));
  scroll.scrollLeft = Math.max(0, focus * zoom - scroll.clientWidth / 2);
}
window.addEventListener('load', function () {
  grovesimZoom(1);
  document.getElementById('msc').setAttribute('data-shown', 'yes');
});
)";

bool is_fault_mark(const traces::DigestMark& mark) {
  return mark.kind == "clock" || mark.kind == "disk" ||
         (mark.kind == "note" && mark.label.starts_with("nemesis"));
}

std::string verdict_banner(const RunResult& result) {
  switch (result.verdict()) {
    case RunVerdict::kFail:
      return "<div class=\"banner failed\" id=\"run-verdict\">FAILED: " +
             std::to_string(result.violations.size()) + " violation" +
             (result.violations.size() == 1 ? "" : "s") +
             (result.stopped_early ? " (the run was cut at its first violation)" : "") +
             "</div>\n";
    case RunVerdict::kInconclusive:
      return "<div class=\"banner inconclusive\" id=\"run-verdict\">INCONCLUSIVE: no violation "
             "found, but the check did not finish: " +
             escape_html(result.inconclusive_reason) + "</div>\n";
    case RunVerdict::kPass: break;
  }
  return "<div class=\"banner passed\" id=\"run-verdict\">passed: every checker ran and found "
         "nothing</div>\n";
}

std::string violations_table(const RunResult& result, const traces::RunDigest& digest) {
  if (result.violations.empty()) return "";
  std::string html = "<h2>Violations</h2>\n<table class=\"violations\" id=\"violations\"><tr>"
                     "<th>checker</th><th>rule</th><th>what</th><th>became true at</th></tr>\n";
  for (const Violation& violation : result.violations) {
    std::string where = "the end of the run (checked over the whole history)";
    if (violation.trace_index == traces::kNoTraceIndex && violation.time_ns >= 0) {
      where = "t=" + ms(violation.time_ns) + " (checked over the whole history)";
    }
    if (violation.trace_index != traces::kNoTraceIndex) {
      where = "trace event " + std::to_string(violation.trace_index);
      if (violation.time_ns >= 0) where += ", t=" + ms(violation.time_ns);
      for (const traces::DigestMark& mark : digest.marks()) {
        if (mark.index == violation.trace_index) {
          where += ": node " + std::to_string(mark.node) + " " + mark.label +
                   (mark.detail.empty() ? "" : " (" + mark.detail + ")");
          break;
        }
      }
    }
    html += "<tr><td>" + escape_html(violation.checker) + "</td><td>" +
            escape_html(violation.rule) + "</td><td class=\"message\">" +
            escape_html(violation.message) + "</td><td>" + escape_html(where) + "</td></tr>\n";
  }
  return html + "</table>\n";
}

struct Window {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::int64_t focus_ns = -1;  // the first violation (or the failing op), -1: none
  std::uint64_t focus_index = traces::kNoTraceIndex;
};

Window choose_window(const RunResult& result, const traces::RunDigest& digest,
                     const RunReportOptions& options) {
  Window window;
  for (const Violation& violation : result.violations) {
    if (violation.time_ns >= 0 && (window.focus_ns < 0 || violation.time_ns < window.focus_ns)) {
      window.focus_ns = violation.time_ns;
      window.focus_index = violation.trace_index;
    }
  }
  if (window.focus_ns < 0 && result.linearizability.explanation) {
    window.focus_ns = result.linearizability.explanation->prefix_end_ns;
  }
  const std::int64_t end = std::max<std::int64_t>(digest.end_ns(), 1);
  if (window.focus_ns < 0) {
    window.start_ns = 0;
    window.end_ns = end;
  } else {
    window.start_ns = std::max<std::int64_t>(0, window.focus_ns - options.before_ns);
    window.end_ns = std::min<std::int64_t>(end, window.focus_ns + options.after_ns);
  }
  // Narrow the window until its messages fit (the end that is further from the focus first).
  auto count = [&](const Window& w) {
    std::size_t n = 0;
    for (const traces::DigestMessage& m : digest.messages()) {
      const std::int64_t last = std::max({m.sent_ns, m.delivered_ns, m.dropped_ns});
      n += m.sent_ns <= w.end_ns && last >= w.start_ns;
    }
    return n;
  };
  for (int round = 0; round < 40 && count(window) > options.max_messages; ++round) {
    const std::int64_t focus = window.focus_ns >= 0 ? window.focus_ns : window.start_ns;
    if (focus - window.start_ns > window.end_ns - focus) {
      window.start_ns = focus - (focus - window.start_ns) / 2;
    } else {
      window.end_ns = focus + (window.end_ns - focus) / 2;
    }
  }
  if (window.end_ns <= window.start_ns) window.end_ns = window.start_ns + 1;
  return window;
}

std::string sequence_chart(const RunResult& result, const traces::RunDigest& digest,
                           const RunReportOptions& options) {
  const Window window = choose_window(result, digest, options);
  const std::uint64_t nodes = digest.node_count();
  const double width = 1400;
  const double lane = 26;
  const double top = 8;
  const double height = top * 2 + lane * static_cast<double>(std::max<std::uint64_t>(nodes, 1));
  const double span = static_cast<double>(window.end_ns - window.start_ns);
  auto x_of = [&](std::int64_t t) {
    const double clamped = static_cast<double>(std::clamp(t, window.start_ns, window.end_ns));
    return (clamped - static_cast<double>(window.start_ns)) / span * width;
  };
  auto y_of = [&](std::uint64_t node) {
    return top + lane * static_cast<double>(node) + lane / 2;
  };
  auto overlaps = [&](std::int64_t from, std::int64_t to) {
    return from <= window.end_ns && (to < 0 || to >= window.start_ns);
  };

  std::string html = "<h2>Message-sequence chart</h2>\n<p class=\"note\" id=\"msc-window\">";
  html += "From t=" + ms(window.start_ns) + " to t=" + ms(window.end_ns) + " of " +
          ms(digest.end_ns()) + " simulated";
  if (window.focus_ns >= 0) html += ", around the first violation at t=" + ms(window.focus_ns);
  html += ". One lane per node; time flows to the right. Hover an arrow, band or mark for "
          "details.";
  if (digest.dropped_items() > 0) {
    html += " (The run was long: " + std::to_string(digest.dropped_items()) +
            " later items were not kept for the chart.)";
  }
  html += "</p>\n<div class=\"legend\"><span><i style=\"background:#4a78b5\"></i>request</span>"
          "<span><i style=\"background:#6aa06a\"></i>reply</span><span><i "
          "style=\"background:#c33\"></i>lost message</span><span><i "
          "style=\"background:#f4b6b6\"></i>crashed</span><span><i "
          "style=\"background:#cfcfcf\"></i>paused</span><span><i "
          "style=\"background:#f6e3a1\"></i>clogged</span><span><i "
          "style=\"background:#ffcf8f\"></i>partition</span><span><i "
          "style=\"background:#7cc78a\"></i>lease held</span><span><i "
          "style=\"background:#e00\"></i>violation</span></div>\n";
  html += "<div><button onclick=\"grovesimZoom(2)\">zoom in</button><button "
          "onclick=\"grovesimZoom(0.5)\">zoom out</button><button "
          "onclick=\"grovesimZoom(0)\">fit</button></div>\n";
  html += "<div class=\"msc-wrap\"><div class=\"msc-labels\"><div style=\"height:16px\"></div>";
  for (std::uint64_t node = 0; node < nodes; ++node) {
    html += "<div style=\"height:" + number(lane) + "px;line-height:" + number(lane) +
            "px\">node " + std::to_string(node) + " " + escape_html(digest.role(node)) + "</div>";
  }
  const double focus_x = window.focus_ns >= 0 ? x_of(window.focus_ns) : 0;
  html += "</div><div class=\"msc-scroll\" id=\"msc-scroll\"><div class=\"msc-axis\" "
          "id=\"msc-axis\" style=\"width:" + number(width) + "px\">";
  for (int tick = 0; tick <= 10; ++tick) {
    const std::int64_t t = window.start_ns + static_cast<std::int64_t>(span * tick / 10);
    html += "<span style=\"left:" + std::to_string(tick * 10) + "%\">" + ms(t) + "</span>";
  }
  html += "</div>\n<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"msc\" width=\"" + number(width) +
          "\" height=\"" + number(height) + "\" viewBox=\"0 0 " + number(width) + " " +
          number(height) + "\" preserveAspectRatio=\"none\" data-base-width=\"" + number(width) +
          "\" data-zoom=\"1\" data-focus=\"" + number(focus_x) + "\">\n";
  html += "<defs><marker id=\"arrow\" viewBox=\"0 0 6 6\" refX=\"6\" refY=\"3\" markerWidth=\"6\" "
          "markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L6,3 L0,6 z\" fill=\"#4a78b5\"/>"
          "</marker></defs>\n";
  // Partitions first (behind everything), then node bands and leases, lanes, messages, marks.
  for (const traces::DigestInterval& interval : digest.intervals()) {
    if (interval.node != traces::kNoNode || !overlaps(interval.start_ns, interval.end_ns)) continue;
    const double x0 = x_of(interval.start_ns);
    const double x1 = interval.end_ns < 0 ? width : x_of(interval.end_ns);
    html += "<rect class=\"partition\" x=\"" + number(x0) + "\" y=\"0\" width=\"" +
            number(std::max(1.0, x1 - x0)) + "\" height=\"" + number(height) + "\"><title>" +
            escape_html(interval.what) + " from " + ms(interval.start_ns) + "</title></rect>\n";
  }
  for (const traces::DigestInterval& interval : digest.intervals()) {
    if (interval.node == traces::kNoNode || !overlaps(interval.start_ns, interval.end_ns)) continue;
    const double x0 = x_of(interval.start_ns);
    const double x1 = interval.end_ns < 0 ? width : x_of(interval.end_ns);
    const std::string css = interval.what.starts_with("clogged") ? "clogged" : interval.what;
    html += "<rect class=\"" + escape_html(css) + "\" x=\"" + number(x0) + "\" y=\"" +
            number(y_of(interval.node) - lane / 2 + 2) + "\" width=\"" +
            number(std::max(1.0, x1 - x0)) + "\" height=\"" + number(lane - 4) + "\"><title>node " +
            std::to_string(interval.node) + " " + escape_html(interval.what) + " from " +
            ms(interval.start_ns) +
            (interval.end_ns < 0 ? std::string(" to the end") : " to " + ms(interval.end_ns)) +
            "</title></rect>\n";
  }
  for (const traces::DigestLease& lease : digest.leases()) {
    // The expiry is in the holder's clock; drawn in true time, it is off by the clock's offset.
    const std::int64_t until = std::max(lease.expiry_local_ns, lease.granted_ns);
    if (!overlaps(lease.granted_ns, until)) continue;
    const double x0 = x_of(lease.granted_ns);
    html += "<rect class=\"lease\" x=\"" + number(x0) + "\" y=\"" +
            number(y_of(lease.node) + lane / 2 - 5) + "\" width=\"" +
            number(std::max(1.0, x_of(until) - x0)) + "\" height=\"3\"><title>node " +
            std::to_string(lease.node) + " holds a lease of epoch " + std::to_string(lease.epoch) +
            " until " + ms(lease.expiry_local_ns) + " (its clock)</title></rect>\n";
  }
  for (std::uint64_t node = 0; node < nodes; ++node) {
    html += "<line class=\"lane\" x1=\"0\" x2=\"" + number(width) + "\" y1=\"" + number(y_of(node)) +
            "\" y2=\"" + number(y_of(node)) + "\" vector-effect=\"non-scaling-stroke\"/>\n";
  }
  for (const traces::DigestMessage& message : digest.messages()) {
    const std::int64_t end = message.delivered_ns >= 0 ? message.delivered_ns
                             : message.dropped_ns >= 0  ? message.dropped_ns
                                                        : -1;
    if (!overlaps(message.sent_ns, end) || message.to == traces::kNoNode) continue;
    std::string css = message.reply ? "msg reply" : "msg";
    double x1 = 0;
    double y1 = y_of(message.to);
    if (message.delivered_ns >= 0) {
      x1 = x_of(message.delivered_ns);
    } else if (message.dropped_ns >= 0) {
      css += " dropped";
      x1 = x_of(message.dropped_ns);
      y1 = (y_of(message.from) + y_of(message.to)) / 2;  // lost on the way
    } else {
      css += " inflight";
      x1 = width;
      y1 = (y_of(message.from) + y_of(message.to)) / 2;
    }
    std::string title = (message.reply ? "reply" : "request") + std::string(" of method ") +
                        std::to_string(message.method) + ", node " + std::to_string(message.from) +
                        " → node " + std::to_string(message.to) + ", sent " + ms(message.sent_ns);
    if (message.duplicate) title += " (a duplicate)";
    if (message.delivered_ns >= 0) title += ", delivered " + ms(message.delivered_ns);
    if (message.dropped_ns >= 0) title += ", lost (" + message.drop_reason + ") " + ms(message.dropped_ns);
    html += "<line class=\"" + css + "\" x1=\"" + number(x_of(message.sent_ns)) + "\" y1=\"" +
            number(y_of(message.from)) + "\" x2=\"" + number(x1) + "\" y2=\"" + number(y1) +
            "\" vector-effect=\"non-scaling-stroke\"" +
            (message.delivered_ns >= 0 ? " marker-end=\"url(#arrow)\"" : "") + "><title>" +
            escape_html(title) + "</title></line>\n";
  }
  for (const traces::DigestMark& mark : digest.marks()) {
    if (mark.time_ns < window.start_ns || mark.time_ns > window.end_ns) continue;
    const bool violating = mark.index == window.focus_index;
    const double y = mark.node == traces::kNoNode ? top : y_of(mark.node);
    std::string css = violating ? "mark violating" : is_fault_mark(mark) ? "mark fault" : "mark";
    html += "<circle class=\"" + css + "\"" + (violating ? " id=\"violating-event\"" : "") +
            " cx=\"" + number(x_of(mark.time_ns)) + "\" cy=\"" + number(y) + "\" r=\"" +
            (violating ? "5" : "2.5") + "\"><title>" + ms(mark.time_ns) + " event " +
            std::to_string(mark.index) + ": " + escape_html(mark.kind + " " + mark.label) +
            (mark.detail.empty() ? "" : " " + escape_html(mark.detail)) + "</title></circle>\n";
  }
  if (window.focus_ns >= 0) {
    html += "<line class=\"violation\" id=\"violation-line\" x1=\"" + number(focus_x) + "\" x2=\"" +
            number(focus_x) + "\" y1=\"0\" y2=\"" + number(height) +
            "\" vector-effect=\"non-scaling-stroke\"><title>the first violation</title></line>\n";
  }
  html += "</svg></div></div>\n";

  // The protocol events nearest the violation, as text (searchable, copyable).
  std::vector<const traces::DigestMark*> near;
  for (const traces::DigestMark& mark : digest.marks()) {
    if (mark.time_ns >= window.start_ns && mark.time_ns <= window.end_ns) near.push_back(&mark);
  }
  if (near.size() > options.max_event_rows) {
    // Keep the rows closest to the violation (or the last ones of the window).
    const std::int64_t focus = window.focus_ns >= 0 ? window.focus_ns : window.end_ns;
    std::stable_sort(near.begin(), near.end(), [focus](const auto* a, const auto* b) {
      return std::llabs(a->time_ns - focus) < std::llabs(b->time_ns - focus);
    });
    near.resize(options.max_event_rows);
    std::stable_sort(near.begin(), near.end(),
                     [](const auto* a, const auto* b) { return a->index < b->index; });
  }
  html += "<details><summary>Protocol events and faults in the window (" +
          std::to_string(near.size()) + ")</summary>\n<table id=\"events\"><tr><th>event</th>"
          "<th>time</th><th>node</th><th>what</th></tr>\n";
  for (const traces::DigestMark* mark : near) {
    const bool violating = mark->index == window.focus_index;
    html += std::string("<tr") + (violating ? " style=\"background:#fbd9d9\"" : "") + "><td>" +
            std::to_string(mark->index) + "</td><td>" + ms(mark->time_ns) + "</td><td>" +
            (mark->node == traces::kNoNode ? std::string("-") : std::to_string(mark->node)) +
            "</td><td>" + escape_html(mark->kind + " " + mark->label) +
            (mark->detail.empty() ? "" : " " + escape_html(mark->detail)) + "</td></tr>\n";
  }
  html += "</table></details>\n";
  return html;
}

}  // namespace

std::string render_run_report(const RunResult& result, const traces::RunDigest& digest,
                              const RunReportOptions& options) {
  const std::string title = options.title.empty()
                                ? "grovesim run: " + result.scenario + " seed " +
                                      std::to_string(result.seed)
                                : options.title;
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>";
  html += escape_html(title) + "</title>\n<style>" + checkers::report_style() + kRunStyle +
          "</style>\n<script>" + kZoomScript + "</script></head>\n<body>\n";
  html += "<h1>" + escape_html(title) + "</h1>\n";
  html += verdict_banner(result);
  html += violations_table(result, digest);
  html += "<p class=\"note\">Checkers that ran: ";
  for (std::size_t i = 0; i < result.checkers.size(); ++i) {
    html += (i > 0 ? ", " : "") + escape_html(result.checkers[i]);
  }
  html += ". " + std::to_string(result.events) + " trace events, " + ms(result.sim_time_ns) +
          " simulated, trace hash " + [&] {
            char buffer[24];
            std::snprintf(buffer, sizeof buffer, "%016llx",
                          static_cast<unsigned long long>(result.trace_hash));
            return std::string(buffer);
          }() + ".</p>\n";
  if (!result.faults.decisions.empty()) {
    html += "<p class=\"note\">Faults drawn for this seed: " + escape_html(result.faults.describe()) +
            "</p>\n";
  }
  html += sequence_chart(result, digest, options);
  html += "<h2>Client history (" + escape_html(result.history.model) + ")</h2>\n";
  checkers::ReportOptions history;
  history.title = title;
  history.run_failed = result.verdict() == RunVerdict::kFail;
  html += checkers::render_history_section(result.history, result.linearizability, history);
  html += "</body></html>\n";
  return html;
}

}  // namespace grove::scenarios
