// History formats by name, detection by content, and loading a history file of any of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "traces/history.h"

namespace grove::traces {

enum class HistoryFormat { kGrovesim, kPorcupineEtcd, kPorcupineKv, kJepsenEdn };

// "grovesim", "porcupine-etcd", "porcupine-kv", "jepsen-edn".
std::string_view history_format_name(HistoryFormat format);
std::optional<HistoryFormat> history_format_from_name(std::string_view name);

// Guesses the format from the first bytes; nullopt if it looks like none of them. An empty
// (or blank) text is a valid, empty history of any format: it reports kGrovesim.
std::optional<HistoryFormat> detect_history_format(std::string_view text);

// Parses `text` in `format` (nullopt: detect). Empty text is an empty history.
HistoryResult parse_history(std::string_view text, std::optional<HistoryFormat> format);

// Reads and parses the file at `path`; errors name the file.
HistoryResult load_history_file(const std::string& path, std::optional<HistoryFormat> format);

// Reads a whole file; false (with `error`) if it cannot be read.
bool read_file(const std::string& path, std::string* contents, std::string* error);

}  // namespace grove::traces
