#include "scenarios/real/ghost_log_checks.h"

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "checkers/paxos_checker.h"
#include "checkers/replication_checker.h"
#include "scenarios/protocol_checks.h"
#include "traces/ghost_jsonl.h"

namespace grove::scenarios {

GhostLogLoad load_ghost_logs(const std::vector<std::string>& paths) {
  GhostLogLoad load;
  struct Keyed {
    traces::GhostRecord record;
    std::size_t line;
  };
  std::vector<Keyed> merged;
  for (const std::string& path : paths) {
    std::error_code ignored;
    if (!std::filesystem::exists(path, ignored)) continue;
    traces::GhostLoadResult file = traces::load_ghost_jsonl_file(path);
    if (!file.ok()) {
      load.error = file.error.file.empty() ? path + ": " + file.error.message : file.error.to_string();
      return load;
    }
    for (std::size_t i = 0; i < file.records->size(); ++i) merged.push_back({std::move((*file.records)[i]), i});
  }
  std::stable_sort(merged.begin(), merged.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.record.time_ns, a.record.node, a.line) < std::tie(b.record.time_ns, b.record.node, b.line);
  });
  load.events.reserve(merged.size());
  for (Keyed& keyed : merged) {
    keyed.record.trace_index = load.events.size();
    load.events.push_back(std::move(keyed.record));
  }
  return load;
}

void check_ghost_events(const std::vector<traces::GhostRecord>& events,
                        std::vector<Violation>& violations) {
  checkers::ReplicationChecker replication(events);
  checkers::PaxosChecker paxos(events);
  for (std::size_t i = 0; i < events.size(); ++i) {
    replication.observe(i);
    paxos.observe(i);
  }
  report_protocol_violations(events, replication, paxos, violations);
}

}  // namespace grove::scenarios
