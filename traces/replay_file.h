// Replay files: everything needed to re-run one seed bit for bit — the scenario itself (as
// opaque JSON, so the file stays valid when the built-in scenario changes), the seed, the
// planted-bug flags, the grovesim version and the trace hash the run produced; optionally the
// run's choice list.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace grove::traces {

struct ReplayFile {
  std::string grovesim_version;
  std::string scenario_name;
  std::string scenario_json;  // the complete scenario, as JSON text
  std::uint64_t seed = 0;
  std::vector<std::string> bugs;
  std::uint64_t trace_hash = 0;
  bool fail_fast = false;  // the run stopped at its first protocol violation (--fail-fast)
  std::uint64_t stop_at_event = 0;  // the run was cut after this many trace events (0: not cut)
  // What the recorded run reported: "checker/rule: message" lines.
  std::vector<std::string> violations;
  // The run's decisions, stream by stream (sim/choice_source.h), if they were recorded: a
  // replay takes them first (value mod n), then the seed's draws where a list runs out. May be
  // edited by hand or by a tool.
  std::map<std::string, std::vector<std::uint64_t>, std::less<>> choices;
};

std::string replay_file_json(const ReplayFile& replay);

struct ReplayLoad {
  std::optional<ReplayFile> replay;
  std::string error;  // "FILE: ..." on one line
};
ReplayLoad parse_replay_file(const std::string& text, const std::string& file_name);

}  // namespace grove::traces
