// Ghost events from a saved trace: the "kind":"ghost" lines of a trace JSONL file (the line
// format of trace_recorder.cpp: {"i":..,"t":..,"kind":"ghost","node":..,"label":KIND,
// "fields":{NAME:u64,...}}). Other lines are skipped (but must be JSON objects).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traces/ghost_record.h"
#include "traces/history.h"

namespace grove::traces {

struct GhostLoadResult {
  std::optional<std::vector<GhostRecord>> records;
  LoadError error;

  bool ok() const { return records.has_value(); }
};

GhostLoadResult parse_ghost_jsonl(std::string_view text);
GhostLoadResult load_ghost_jsonl_file(const std::string& path);

}  // namespace grove::traces
