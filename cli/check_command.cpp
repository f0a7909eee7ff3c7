#include "cli/check_command.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include "checkers/history_validation.h"
#include "checkers/html_report.h"
#include "checkers/linearizability.h"
#include "checkers/model_registry.h"
#include "traces/history_format.h"
#include "traces/json_reader.h"

namespace grove::cli {

namespace {

constexpr int kExitLinearizable = 0;
constexpr int kExitNotLinearizable = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInconclusive = 3;

int bad_input(const std::string& message) {
  std::string line;
  for (const char c : message) line += (c == '\n' || c == '\r') ? ' ' : c;
  std::fprintf(stderr, "grovesim check: %s\n", line.c_str());
  return kExitBadInput;
}

std::string milliseconds(std::int64_t ns) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(ns) / 1e6);
  return buffer;
}

// The verdict in the words runs use: "pass" | "fail" | "inconclusive".
const char* verdict_json(checkers::Verdict verdict) {
  switch (verdict) {
    case checkers::Verdict::kLinearizable: return "\"pass\"";
    case checkers::Verdict::kNotLinearizable: return "\"fail\"";
    case checkers::Verdict::kInconclusive: return "\"inconclusive\"";
  }
  return "\"inconclusive\"";
}

void append_op_json(std::string& out, const traces::History& history, std::size_t index) {
  const traces::Operation& op = history.operations[index];
  out += "{\"index\":" + std::to_string(index) + ",\"client\":" + std::to_string(op.client) +
         ",\"op\":";
  traces::append_json_string(out, op.name);
  out += ",\"key\":";
  traces::append_json_string(out, op.key);
  out += ",\"input\":[";
  for (std::size_t i = 0; i < op.input.size(); ++i) {
    if (i > 0) out += ',';
    traces::append_json_string(out, op.input[i]);
  }
  out += "],\"output\":";
  if (op.output) {
    traces::append_json_string(out, *op.output);
  } else {
    out += "null";
  }
  out += ",\"invoke_ns\":" + std::to_string(op.invoke_ns) + ",\"return_ns\":";
  out += op.return_ns == traces::kNoReturn ? std::string("null") : std::to_string(op.return_ns);
  out += '}';
}

std::string result_json(const std::string& path, const traces::History& history,
                        const checkers::LinearizabilityResult& result,
                        const checkers::LinearizabilityOptions& options) {
  std::string out = "{\"file\":";
  traces::append_json_string(out, path);
  out += ",\"verdict\":";
  out += verdict_json(result.verdict);
  out += ",\"linearizable\":";
  switch (result.verdict) {
    case checkers::Verdict::kLinearizable: out += "true"; break;
    case checkers::Verdict::kNotLinearizable: out += "false"; break;
    case checkers::Verdict::kInconclusive: out += "null"; break;
  }
  if (result.verdict == checkers::Verdict::kInconclusive) {
    out += ",\"inconclusive_reason\":";
    traces::append_json_string(out, checkers::describe_exhaustion(result, options));
  }
  out += ",\"model\":";
  traces::append_json_string(out, result.model);
  out += ",\"ops\":" + std::to_string(result.operations);
  out += ",\"partitions\":" + std::to_string(result.partitions);
  out += ",\"failed_partitions\":" + std::to_string(result.failed_partitions);
  out += ",\"unknown_partitions\":" + std::to_string(result.unknown_partitions);
  out += ",\"unchecked_partitions\":" + std::to_string(result.unchecked_partitions);
  out += ",\"configurations\":" + std::to_string(result.configurations);
  out += ",\"steps\":" + std::to_string(result.steps);
  out += ",\"check_budget\":" + std::to_string(options.max_steps);
  out += ",\"elapsed_ms\":" + milliseconds(result.elapsed_ns);
  if (result.explanation) {
    const checkers::Explanation& explanation = *result.explanation;
    out += ",\"key\":";
    traces::append_json_string(out, explanation.key);
    out += ",\"failing_op\":";
    append_op_json(out, history, explanation.failing_op);
    out += ",\"prefix\":{\"end_ns\":" + std::to_string(explanation.prefix_end_ns) +
           ",\"linearization\":[";
    for (std::size_t i = 0; i < explanation.prefix_linearization.size(); ++i) {
      if (i > 0) out += ',';
      out += std::to_string(explanation.prefix_linearization[i]);
    }
    out += "],\"state\":";
    traces::append_json_string(out, explanation.state_after_prefix);
    out += "},\"window\":{\"start_ns\":" + std::to_string(explanation.window_start_ns) +
           ",\"end_ns\":" + std::to_string(explanation.prefix_end_ns) +
           ",\"states_tried\":" + std::to_string(explanation.window_states) +
           ",\"minimal\":" + (explanation.window_minimal ? "true" : "false") + ",\"ops\":[";
    for (std::size_t i = 0; i < explanation.window_ops.size(); ++i) {
      if (i > 0) out += ',';
      append_op_json(out, history, explanation.window_ops[i]);
    }
    out += "]}";
  }
  out += '}';
  return out;
}

void print_human(const std::string& path, const checkers::LinearizabilityResult& result,
                 const checkers::LinearizabilityOptions& options) {
  const char* verdict = result.verdict == checkers::Verdict::kLinearizable ? "LINEARIZABLE"
                        : result.verdict == checkers::Verdict::kNotLinearizable
                            ? "NOT LINEARIZABLE"
                            : "INCONCLUSIVE";
  std::printf("%s: %s — model %s, %zu ops, %zu partition%s, %llu search steps, %s ms\n",
              path.c_str(), verdict, result.model.c_str(), result.operations, result.partitions,
              result.partitions == 1 ? "" : "s", static_cast<unsigned long long>(result.steps),
              milliseconds(result.elapsed_ns).c_str());
  if (result.verdict == checkers::Verdict::kInconclusive) {
    std::printf("  %s (%zu partition(s) unfinished); no violation found so far. This is not a "
                "pass.\n",
                checkers::describe_exhaustion(result, options).c_str(),
                result.unknown_partitions + result.unchecked_partitions);
  }
  if (result.explanation) {
    const checkers::Explanation& explanation = *result.explanation;
    if (explanation.partitioned) {
      std::printf("  Key %s is not linearizable", checkers::quoted(explanation.key).c_str());
      if (result.unchecked_partitions > 0) {
        std::printf(" (%zu other partition(s) left unchecked: the verdict was decided)",
                    result.unchecked_partitions);
      }
      std::printf(":\n");
    }
    std::string text = explanation.text;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::printf("  %s\n", text.substr(start, end - start).c_str());
      start = end + 1;
    }
  }
}

}  // namespace

int run_check(const CheckOptions& options) {
  std::optional<traces::HistoryFormat> format;
  if (options.format != "auto") {
    format = traces::history_format_from_name(options.format);
    if (!format) return bad_input("unknown format '" + options.format + "'");
  }
  if (!(options.timeout_seconds >= 0) || !std::isfinite(options.timeout_seconds)) {
    return bad_input("--timeout must be a non-negative number of seconds");
  }
  const traces::HistoryResult loaded = traces::load_history_file(options.history_path, format);
  if (!loaded.ok()) return bad_input(loaded.error.to_string());
  const traces::History& history = *loaded.history;
  if (history.operations.empty()) {
    // Nothing was checked: an empty verdict must never read "linearizable".
    return bad_input(options.history_path + ": no operation found in the history");
  }
  if (const std::optional<std::string> overlap = checkers::find_client_overlap(history)) {
    return bad_input(options.history_path + ": " + *overlap);
  }

  std::string model_name = options.model.empty() ? history.model : options.model;
  if (model_name.empty()) model_name = "kv";
  const checkers::Model* model = checkers::find_model(model_name);
  if (model == nullptr) {
    std::string known;
    for (const checkers::Model* candidate : checkers::all_models()) {
      known += (known.empty() ? "" : ", ") + std::string(candidate->name());
    }
    return bad_input("unknown model '" + model_name + "' (known: " + known + ")");
  }

  checkers::LinearizabilityOptions check_options;
  check_options.partition = options.partition;
  check_options.timeout_ns = static_cast<std::int64_t>(options.timeout_seconds * 1e9);
  check_options.max_steps = options.check_budget;
  // On a terminal, a progress line for a long check: steps against the budget, and which
  // partition (key) the search is on. Redrawn at most four times a second.
  const bool show_progress = !options.json && ::isatty(STDERR_FILENO) != 0;
  std::int64_t last_progress_ns = 0;
  bool progress_shown = false;
  if (show_progress) {
    check_options.progress = [&](const checkers::CheckProgress& progress) {
      const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
          std::chrono::steady_clock::now().time_since_epoch()).count();
      if (now - last_progress_ns < 250'000'000) return;
      last_progress_ns = now;
      progress_shown = true;
      std::string key = progress.key.size() > 40 ? progress.key.substr(0, 37) + "..." : progress.key;
      std::fprintf(stderr, "\rchecking: %zu/%zu partitions decided, %llu of %llu search steps; "
                           "on key \"%s\" (%zu ops)\x1b[K",
                   progress.decided, progress.partitions,
                   static_cast<unsigned long long>(progress.steps),
                   static_cast<unsigned long long>(progress.max_steps), key.c_str(),
                   progress.key_operations);
    };
  }
  const checkers::LinearizabilityResult result =
      checkers::check_linearizability(history, *model, check_options);
  if (progress_shown) std::fprintf(stderr, "\r\x1b[K");
  if (!result.error.empty()) return bad_input(options.history_path + ": " + result.error);

  if (!options.report_path.empty()) {
    checkers::ReportOptions report;
    report.title = options.history_path;
    std::ofstream out(options.report_path, std::ios::binary);
    out << checkers::render_html_report(history, result, report);
    out.close();
    if (!out) return bad_input("cannot write the report " + options.report_path);
  }
  if (options.json) {
    std::printf("%s\n", result_json(options.history_path, history, result, check_options).c_str());
  } else {
    print_human(options.history_path, result, check_options);
  }
  switch (result.verdict) {
    case checkers::Verdict::kLinearizable: return kExitLinearizable;
    case checkers::Verdict::kNotLinearizable: return kExitNotLinearizable;
    case checkers::Verdict::kInconclusive: return kExitInconclusive;
  }
  return kExitInconclusive;
}

}  // namespace grove::cli
