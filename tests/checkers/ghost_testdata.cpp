#include "tests/checkers/ghost_testdata.h"

#include <sstream>

#include "checkers/lease_checker.h"
#include "checkers/paxos_checker.h"
#include "checkers/replication_checker.h"

namespace grove::testing {

namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

std::string events_text(const std::vector<std::size_t>& events) {
  std::string out;
  for (std::size_t event : events) out += (out.empty() ? "" : " ") + std::to_string(event);
  return out;
}

}  // namespace

GhostCase parse_ghost_case(const std::string& path, const std::string& text) {
  GhostCase result;
  std::istringstream in(text);
  std::string line;
  std::size_t line_number = 0;
  bool in_expected = false;
  std::string expected;
  while (std::getline(in, line)) {
    ++line_number;
    if (in_expected) {
      expected += line + "\n";
      continue;
    }
    const std::string content = trim(line);
    if (content.empty() || content[0] == '#') continue;
    if (content == "----") {
      in_expected = true;
      continue;
    }
    std::istringstream words(content);
    std::string time, node, kind, field;
    words >> time >> node >> kind;
    std::vector<std::pair<std::string, std::uint64_t>> fields;
    auto fail = [&](const std::string& message) {
      result.error = path + ":" + std::to_string(line_number) + ": " + message;
      return result;
    };
    if (node.size() < 2 || node[0] != 'n') return fail("expected TIME nNODE KIND field=value...");
    while (words >> field) {
      const auto equals = field.find('=');
      if (equals == std::string::npos) return fail("expected name=value, got \"" + field + "\"");
      fields.emplace_back(field.substr(0, equals), std::stoull(field.substr(equals + 1)));
    }
    traces::GhostRecord record;
    const std::string error = traces::make_ghost_record(std::stoll(time), std::stoull(node.substr(1)),
                                                        kind, std::move(fields), &record);
    if (!error.empty()) return fail(error);
    record.trace_index = result.events.size();
    result.events.push_back(std::move(record));
  }
  result.expected = expected;
  return result;
}

std::string run_ghost_checkers(const std::vector<traces::GhostRecord>& events) {
  std::string out;
  auto add = [&](const std::string& checker, const std::string& rule,
                 const std::vector<std::size_t>& involved, std::size_t at,
                 const std::string& message) {
    out += checker + "/" + rule + " at #" + std::to_string(at) + " (events " +
           events_text(involved) + "): " + message + "\n";
  };
  for (const auto& violation : checkers::check_replication_invariants(events)) {
    add(checkers::checker_of_rule(violation.rule), violation.rule, violation.events, violation.at(),
        violation.message);
  }
  for (const auto& violation : checkers::check_paxos_invariants(events)) {
    add(checkers::checker_of_rule(violation.rule), violation.rule, violation.events, violation.at(),
        violation.message);
  }
  for (const auto& violation : checkers::check_lease_safety(events).violations) {
    std::size_t at = 0;
    for (std::size_t event : violation.events) at = std::max(at, event);
    add("lease", violation.rule, violation.events, at, violation.message);
  }
  return out.empty() ? "no violations\n" : out;
}

}  // namespace grove::testing
