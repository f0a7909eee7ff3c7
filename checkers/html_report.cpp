#include "checkers/html_report.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "traces/utf8.h"

namespace grove::checkers {

using traces::utf8_sequence_length;

std::string escape_html(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // Valid UTF-8 is kept; any other byte becomes U+FFFD, so the page is always valid UTF-8.
      const std::size_t length = utf8_sequence_length(text.substr(i));
      if (length == 0) {
        out += "\xEF\xBF\xBD";
        i += 1;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    const char ch = text[i++];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (c < 0x20 && c != '\n' && c != '\t') {
          out += '?';
        } else {
          out += ch;
        }
    }
  }
  return out;
}

namespace {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// A short label for a bar: "w 3", "r 2", "cas 1→2 ok", "append x".
std::string bar_label(const traces::Operation& op) {
  std::string label = op.name;
  for (const std::string& argument : op.input) label += " " + argument;
  if (op.output && !op.output->empty()) label += " → " + *op.output;
  if (!op.output) label += " → ?";
  if (label.size() > 40) label = utf8_prefix(label, 37) + "...";
  return label;
}

constexpr const char* kStyle = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 8px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 4px; font-weight: 600; }
.verdict.ok { background: #d7f5dd; color: #135c23; }
.verdict.bad { background: #fbd9d9; color: #8a1111; }
.verdict.inconclusive { background: #fdf1c7; color: #6b5200; }
.verdict.neutral { background: #eee; color: #333; font-weight: 400; }
pre.explanation { background: #f6f6f6; padding: 12px; border-radius: 4px; overflow-x: auto; }
.chart { overflow-x: auto; border: 1px solid #ddd; margin: 12px 0; }
svg text { font: 11px monospace; }
rect.op { fill: #9cc3ef; stroke: #35689e; stroke-width: 1; }
rect.op.unknown { fill: url(#fade); stroke: #35689e; stroke-dasharray: 4 3; }
rect.op.in-window { fill: #f7c08a; stroke: #b35c00; }
rect.op.failing { fill: #f28b8b; stroke: #a00; stroke-width: 2; }
rect.window { fill: #ffe3c2; fill-opacity: 0.45; stroke: #e08a2c; stroke-dasharray: 6 3; }
line.lane { stroke: #eee; }
line.tick { stroke: #ccc; }
table { border-collapse: collapse; margin: 8px 0; }
td, th { border: 1px solid #ddd; padding: 2px 8px; font: 12px monospace; text-align: left; }
.note { color: #666; }
)";

}  // namespace

std::string report_style() { return kStyle; }

std::string render_html_report(const traces::History& history,
                               const LinearizabilityResult& result,
                               const ReportOptions& options) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>";
  html += escape_html(options.title) + "</title>\n<style>" + report_style() + "</style></head>\n<body>\n";
  html += "<h1>" + escape_html(options.title) + "</h1>\n";
  html += render_history_section(history, result, options);
  html += "</body></html>\n";
  return html;
}

std::string render_history_section(const traces::History& history,
                                   const LinearizabilityResult& result,
                                   const ReportOptions& options) {
  const Explanation* explanation = result.explanation ? &*result.explanation : nullptr;
  // Which ops to draw: the failing partition's (all ops if not partitioned), capped.
  std::vector<std::size_t> drawn;
  for (std::size_t i = 0; i < history.operations.size(); ++i) {
    if (explanation != nullptr && explanation->partitioned &&
        history.operations[i].key != explanation->key) {
      continue;
    }
    drawn.push_back(i);
  }
  std::size_t hidden_other_keys = history.operations.size() - drawn.size();
  std::size_t hidden_context = 0;
  if (explanation != nullptr) {
    // Draw the window with some context: ops alive from a few dozen invocations before the
    // window up to the failing return (the rest is summarised in a note).
    std::vector<std::int64_t> invokes;
    for (const std::size_t i : drawn) {
      if (history.operations[i].invoke_ns < explanation->window_start_ns) {
        invokes.push_back(history.operations[i].invoke_ns);
      }
    }
    std::sort(invokes.begin(), invokes.end());
    const std::int64_t context_start =
        invokes.size() > options.context_operations
            ? invokes[invokes.size() - options.context_operations]
            : std::numeric_limits<std::int64_t>::min();
    std::vector<std::size_t> near;
    for (const std::size_t i : drawn) {
      const traces::Operation& op = history.operations[i];
      const bool alive = !op.outcome_known() || op.return_ns >= context_start;
      if (alive && op.invoke_ns <= explanation->prefix_end_ns) near.push_back(i);
    }
    hidden_context = drawn.size() - near.size();
    drawn = std::move(near);
  }
  std::size_t hidden_cap = 0;
  if (drawn.size() > options.max_drawn_operations) {
    // Keep the ops nearest the failing window (or the first ones).
    std::size_t center = 0;
    if (explanation != nullptr) {
      center = static_cast<std::size_t>(
          std::lower_bound(drawn.begin(), drawn.end(), explanation->failing_op) - drawn.begin());
    }
    const std::size_t half = options.max_drawn_operations / 2;
    std::size_t first = center > half ? center - half : 0;
    first = std::min(first, drawn.size() - options.max_drawn_operations);
    hidden_cap = drawn.size() - options.max_drawn_operations;
    drawn = std::vector<std::size_t>(drawn.begin() + static_cast<std::ptrdiff_t>(first),
                                     drawn.begin() + static_cast<std::ptrdiff_t>(first + options.max_drawn_operations));
  }
  std::set<std::size_t> window(explanation ? explanation->window_ops.begin() : drawn.end(),
                               explanation ? explanation->window_ops.end() : drawn.end());

  // The axis is ordinal: distinct event times in order, evenly spaced (labelled with the real
  // times), so that bursts and long pauses stay readable.
  std::vector<std::int64_t> times;
  for (const std::size_t i : drawn) {
    const traces::Operation& op = history.operations[i];
    times.push_back(op.invoke_ns);
    if (op.return_ns != traces::kNoReturn) times.push_back(op.return_ns);
  }
  if (explanation != nullptr) {
    times.push_back(explanation->window_start_ns);
    times.push_back(explanation->prefix_end_ns);
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  const double step = times.size() > 1500 ? 8.0 : times.size() > 400 ? 12.0 : 22.0;
  const double left = 90;
  const double top = 30;
  const double lane_height = 30;
  const double width = left + 40 + step * static_cast<double>(std::max<std::size_t>(times.size(), 2));
  auto x_of = [&](std::int64_t time) {
    const auto at = std::lower_bound(times.begin(), times.end(), time) - times.begin();
    return left + step * static_cast<double>(at);
  };
  std::map<std::uint64_t, std::size_t> lanes;  // client -> lane, in client order
  for (const std::size_t i : drawn) lanes.emplace(history.operations[i].client, 0);
  std::size_t lane_count = 0;
  for (auto& [client, lane] : lanes) lane = lane_count++;
  const double height = top + lane_height * static_cast<double>(lane_count) + 30;

  std::string verdict_class = options.run_failed ? "neutral" : "ok";
  std::string verdict_text = options.run_failed
                                 ? "this history alone shows no linearizability violation"
                                 : "linearizable";
  if (result.verdict == Verdict::kNotLinearizable) {
    verdict_class = "bad";
    verdict_text = "not linearizable";
  } else if (result.verdict == Verdict::kInconclusive) {
    verdict_class = "inconclusive";
    verdict_text = "inconclusive (budget exhausted)";
  }

  std::string html;
  html.reserve(4096 + drawn.size() * 400);
  html += "<p><span class=\"verdict " + verdict_class + "\" id=\"verdict\">" + verdict_text +
          "</span> model <b>" + escape_html(result.model) + "</b>, " +
          std::to_string(result.operations) + " ops, " + std::to_string(result.partitions) +
          " partition(s)";
  if (result.failed_partitions > 0) {
    html += ", " + std::to_string(result.failed_partitions) + " failing";
  }
  html += ", checked in " + number(static_cast<double>(result.elapsed_ns) / 1e6) + " ms</p>\n";
  if (explanation != nullptr) {
    if (explanation->partitioned) {
      html += "<p>Failing partition: key <b>" + escape_html(quoted(explanation->key)) +
              "</b> (only its operations are drawn).</p>\n";
    }
    html += "<pre class=\"explanation\" id=\"explanation\">" + escape_html(explanation->text) +
            "</pre>\n";
  }
  if (hidden_other_keys > 0 || hidden_cap > 0 || hidden_context > 0) {
    html += "<p class=\"note\">Not drawn: " + std::to_string(hidden_other_keys) +
            " ops of other keys, " + std::to_string(hidden_context) +
            " ops far before the window or after the failing return, " +
            std::to_string(hidden_cap) + " ops beyond the drawing limit.</p>\n";
  }
  html += "<p class=\"note\">One lane per client; bars span invocation to return. Dashed bars "
          "fading to the right have an unknown outcome (they may take effect any time after "
          "their call, or never). The axis shows the order of events, labelled with their "
          "times in ns.</p>\n";

  html += "<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline\" width=\"" +
          number(width) + "\" height=\"" + number(height) + "\">\n";
  html += "<defs><linearGradient id=\"fade\" x1=\"0\" x2=\"1\"><stop offset=\"0\" "
          "stop-color=\"#9cc3ef\"/><stop offset=\"1\" stop-color=\"#9cc3ef\" "
          "stop-opacity=\"0\"/></linearGradient></defs>\n";
  if (explanation != nullptr) {
    const double x0 = x_of(explanation->window_start_ns) - 3;
    const double x1 = x_of(explanation->prefix_end_ns) + 3;
    html += "<rect class=\"window\" id=\"failing-window\" x=\"" + number(x0) + "\" y=\"" +
            number(top - 8) + "\" width=\"" + number(x1 - x0) + "\" height=\"" +
            number(lane_height * static_cast<double>(lane_count) + 10) +
            "\"><title>smallest window that cannot be linearized</title></rect>\n";
  }
  for (const auto& [client, lane] : lanes) {
    const double y = top + lane_height * static_cast<double>(lane) + lane_height / 2;
    html += "<line class=\"lane\" x1=\"" + number(left) + "\" x2=\"" + number(width) + "\" y1=\"" +
            number(y) + "\" y2=\"" + number(y) + "\"/>";
    html += "<text x=\"4\" y=\"" + number(y + 4) + "\">client " + std::to_string(client) +
            "</text>\n";
  }
  const std::size_t tick_every = std::max<std::size_t>(1, times.size() / 12);
  for (std::size_t t = 0; t < times.size(); t += tick_every) {
    const double x = left + step * static_cast<double>(t);
    html += "<line class=\"tick\" x1=\"" + number(x) + "\" x2=\"" + number(x) + "\" y1=\"" +
            number(top - 10) + "\" y2=\"" + number(height - 22) + "\"/><text x=\"" + number(x) +
            "\" y=\"" + number(height - 8) + "\">" + std::to_string(times[t]) + "</text>\n";
  }
  for (const std::size_t i : drawn) {
    const traces::Operation& op = history.operations[i];
    const double y = top + lane_height * static_cast<double>(lanes[op.client]) + 4;
    const double x0 = x_of(op.invoke_ns);
    const double x1 = op.outcome_known() ? x_of(op.return_ns) : width - 4;  // open-ended
    std::string classes = "op";
    if (!op.outcome_known()) classes += " unknown";
    if (window.count(i) != 0) classes += " in-window";
    if (explanation != nullptr && explanation->failing_op == i) classes += " failing";
    html += "<g><rect class=\"" + classes + "\" data-op=\"" + std::to_string(i) + "\" x=\"" +
            number(x0) + "\" y=\"" + number(y) + "\" width=\"" + number(std::max(4.0, x1 - x0)) +
            "\" height=\"" + number(lane_height - 8) + "\" rx=\"3\"><title>#" + std::to_string(i) +
            " " + escape_html(describe_operation(op)) + " [" + std::to_string(op.invoke_ns) +
            ", " + (op.outcome_known() ? std::to_string(op.return_ns) : std::string("unknown")) +
            "]</title></rect>";
    if (x1 - x0 > 30) {
      html += "<text x=\"" + number(x0 + 3) + "\" y=\"" + number(y + lane_height / 2 - 1) +
              "\">" + escape_html(bar_label(op)) + "</text>";
    }
    html += "</g>\n";
  }
  html += "</svg></div>\n";

  if (explanation != nullptr) {
    html += "<h2>Window ops</h2>\n<table id=\"window-ops\"><tr><th>#</th><th>operation</th>"
            "<th>invoke</th><th>return</th></tr>\n";
    for (const std::size_t i : explanation->window_ops) {
      const traces::Operation& op = history.operations[i];
      html += "<tr><td>" + std::to_string(i) + "</td><td>" + escape_html(describe_operation(op)) +
              "</td><td>" + std::to_string(op.invoke_ns) + "</td><td>" +
              (op.outcome_known() ? std::to_string(op.return_ns) : std::string("unknown")) +
              "</td></tr>\n";
    }
    html += "</table>\n<h2>Longest linearizable prefix: a witness order</h2>\n<p>";
    for (std::size_t k = 0; k < explanation->prefix_linearization.size(); ++k) {
      if (k > 0) html += " → ";
      html += "#" + std::to_string(explanation->prefix_linearization[k]);
    }
    html += "</p>\n";
  }
  return html;
}

}  // namespace grove::checkers
