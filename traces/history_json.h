// grovesim's own history format (docs/formats.md): one JSON object with a header and an
// "operations" array, written one operation per line so large files stream and diff well.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "traces/history.h"

namespace grove::traces {

inline constexpr std::string_view kHistoryFormatName = "grovesim-history";
inline constexpr int kHistoryFormatVersion = 1;

// Writes `history` as grovesim history JSON.
void write_history_json(const History& history, std::ostream& out);
std::string history_to_json(const History& history);

// Parses grovesim history JSON. Never throws; errors carry the line.
HistoryResult parse_history_json(std::string_view text);

}  // namespace grove::traces
