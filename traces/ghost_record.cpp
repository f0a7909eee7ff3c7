#include "traces/ghost_record.h"

#include <cstdio>
#include <cstdlib>

#include "traces/json_reader.h"

namespace grove::traces {

std::uint64_t GhostRecord::get(const std::string& name) const {
  for (const auto& [field, value] : fields) {
    if (field == name) return value;
  }
  std::fprintf(stderr, "grovesim: ghost event %s has no field \"%s\" (traces/ghost_schema.cpp)\n",
               kind.c_str(), name.c_str());
  std::abort();
}

std::string make_ghost_record(std::int64_t time_ns, std::uint64_t node, std::string kind,
                              std::vector<std::pair<std::string, std::uint64_t>> fields,
                              GhostRecord* out) {
  const std::optional<GhostKind> type = parse_ghost_kind(kind);
  if (!type) return "unknown ghost event kind " + quoted_for_message(kind);
  std::vector<std::string_view> names;
  names.reserve(fields.size());
  for (const auto& field : fields) names.push_back(field.first);
  std::string error = ghost_fields_error(ghost_schema(*type), names);
  if (!error.empty()) return error;
  out->time_ns = time_ns;
  out->node = node;
  out->kind = std::move(kind);
  out->fields = std::move(fields);
  out->type = *type;
  return "";
}

}  // namespace grove::traces
