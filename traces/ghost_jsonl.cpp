#include "traces/ghost_jsonl.h"

#include "traces/history_format.h"
#include "traces/json_reader.h"

namespace grove::traces {

namespace {

GhostLoadResult failure(std::size_t line, std::string message) {
  GhostLoadResult result;
  result.error.line = line;
  result.error.message = std::move(message);
  return result;
}

// Parses one trace line; sets `is_ghost` and fills `record` for ghost lines.
bool parse_line(std::string_view line, GhostRecord* record, bool* is_ghost, std::string* error) {
  JsonReader reader(line);
  *is_ghost = false;
  bool has_time = false;
  bool has_index = false;
  std::uint64_t index = 0;
  std::string member;
  std::string kind;
  GhostRecord parsed;
  if (reader.begin_object()) {
    while (reader.next_member(&member)) {
      if (member == "i") {
        has_index = reader.read_uint(&index);
      } else if (member == "t") {
        has_time = reader.read_int(&parsed.time_ns);
      } else if (member == "kind") {
        reader.read_string(&kind);
      } else if (member == "node") {
        reader.read_uint(&parsed.node);
      } else if (member == "label") {
        reader.read_string(&parsed.kind);
      } else if (member == "fields") {
        if (!reader.begin_object()) break;
        std::string name;
        while (reader.next_member(&name)) {
          std::uint64_t value = 0;
          if (!reader.read_uint(&value)) break;
          parsed.fields.emplace_back(name, value);
        }
      } else {
        reader.skip_value();
      }
      if (reader.failed()) break;
    }
  }
  if (!reader.failed() && !reader.at_end()) reader.fail("trailing text after the object");
  if (reader.failed()) {
    *error = reader.error();
    return false;
  }
  if (kind != "ghost") return true;
  if (!has_time) {
    *error = "ghost line without \"t\"";
    return false;
  }
  if (parsed.kind.empty()) {
    *error = "ghost line without \"label\" (the ghost kind)";
    return false;
  }
  *is_ghost = true;
  std::string invalid = make_ghost_record(parsed.time_ns, parsed.node, std::move(parsed.kind),
                                          std::move(parsed.fields), record);
  if (!invalid.empty()) {
    *error = invalid;
    return false;
  }
  if (has_index) record->trace_index = index;
  return true;
}

}  // namespace

GhostLoadResult parse_ghost_jsonl(std::string_view text) {
  std::vector<GhostRecord> records;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    GhostRecord record;
    bool is_ghost = false;
    std::string error;
    if (!parse_line(line, &record, &is_ghost, &error)) return failure(line_number, error);
    if (is_ghost) records.push_back(std::move(record));
  }
  GhostLoadResult result;
  result.records = std::move(records);
  return result;
}

GhostLoadResult load_ghost_jsonl_file(const std::string& path) {
  std::string text;
  std::string error;
  GhostLoadResult result;
  if (!read_file(path, &text, &error)) {
    result = failure(0, "cannot read: " + error);
  } else {
    result = parse_ghost_jsonl(text);
  }
  result.error.file = path;
  return result;
}

}  // namespace grove::traces
