// Porcupine's etcd logs (test_data/jepsen/etcd_*.log): Jepsen's text log of a single
// cas-register, one event per line.
#include <charconv>
#include <map>
#include <string>
#include <vector>

#include "traces/history_import.h"

namespace grove::traces {

namespace {

bool is_blank(std::string_view line) {
  for (const char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// Splits on spaces and tabs, keeping a bracketed "[a b]" as one token.
std::vector<std::string_view> tokens_of(std::string_view line) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i >= line.size()) break;
    const std::size_t start = i;
    if (line[i] == '[') {
      while (i < line.size() && line[i] != ']') ++i;
      if (i < line.size()) ++i;
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    }
    tokens.push_back(line.substr(start, i - start));
  }
  return tokens;
}

bool is_integer(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

// "[a b]" -> {a, b} when both are integers.
bool parse_pair(std::string_view text, std::string* first, std::string* second) {
  if (text.size() < 5 || text.front() != '[' || text.back() != ']') return false;
  const std::vector<std::string_view> parts = tokens_of(text.substr(1, text.size() - 2));
  if (parts.size() != 2 || !is_integer(parts[0]) || !is_integer(parts[1])) return false;
  *first = std::string(parts[0]);
  *second = std::string(parts[1]);
  return true;
}

}  // namespace

HistoryResult parse_porcupine_etcd_log(std::string_view text) {
  History history;
  history.model = "cas-register";
  std::map<std::uint64_t, std::size_t> pending;  // process -> index of its open operation
  std::size_t line_number = 0;
  std::int64_t event_time = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (is_blank(line)) continue;
    auto bad = [&](const std::string& why) {
      return HistoryResult::failure(line_number, why);
    };
    const std::vector<std::string_view> tokens = tokens_of(line);
    if (tokens.size() != 7 || tokens[0] != "INFO" || tokens[1] != "jepsen.util" ||
        tokens[2] != "-") {
      return bad("expected 'INFO jepsen.util - PROCESS :TYPE :F VALUE'");
    }
    std::uint64_t process = 0;
    {
      const auto [ptr, error] =
          std::from_chars(tokens[3].data(), tokens[3].data() + tokens[3].size(), process);
      if (error != std::errc() || ptr != tokens[3].data() + tokens[3].size()) {
        return bad("process '" + std::string(tokens[3]) + "' is not a number");
      }
    }
    const std::string_view type = tokens[4];
    const std::string_view function = tokens[5];
    const std::string_view value = tokens[6];
    if (function != ":read" && function != ":write" && function != ":cas") {
      return bad("unknown function '" + std::string(function) + "' (expected :read, :write, :cas)");
    }
    const std::string name(function.substr(1));
    const std::int64_t now = event_time++;

    if (type == ":invoke") {
      if (pending.count(process) != 0) {
        return bad("process " + std::to_string(process) + " invoked twice without completing");
      }
      Operation op;
      op.client = process;
      op.name = name;
      op.invoke_ns = now;
      if (name == "write") {
        if (!is_integer(value)) return bad("write of '" + std::string(value) + "'");
        op.input.emplace_back(value);
      } else if (name == "cas") {
        op.input.resize(2);
        if (!parse_pair(value, &op.input[0], &op.input[1])) {
          return bad("cas expects [old new], found '" + std::string(value) + "'");
        }
      } else if (value != "nil") {
        return bad("read invoked with '" + std::string(value) + "', expected nil");
      }
      pending[process] = history.operations.size();
      history.operations.push_back(std::move(op));
      continue;
    }
    if (type != ":ok" && type != ":fail" && type != ":info") {
      return bad("unknown type '" + std::string(type) + "'");
    }
    const auto open = pending.find(process);
    if (open == pending.end()) {
      return bad("process " + std::to_string(process) + " completes an op it never invoked");
    }
    Operation& op = history.operations[open->second];
    pending.erase(open);
    if (op.name != name) {
      return bad("process " + std::to_string(process) + " invoked :" + op.name +
                 " but completes " + std::string(function));
    }
    op.return_ns = now;
    if (type == ":info" || value == ":timed-out") {
      continue;  // unknown outcome: may or may not have taken effect
    }
    if (name == "read") {
      if (type == ":fail") continue;  // a failed read observed nothing
      if (value == "nil") {
        op.output = "";
      } else if (is_integer(value)) {
        op.output = std::string(value);
      } else {
        return bad("read returned '" + std::string(value) + "'");
      }
    } else if (name == "write") {
      // A :fail write is treated as unknown: conservative, never a false violation.
      if (type == ":ok") op.output = "";
    } else {
      op.output = type == ":ok" ? "ok" : "fail";  // etcd: a failed cas observed a mismatch
    }
  }
  return HistoryResult::success(std::move(history));
}

}  // namespace grove::traces
