#include "traces/history_format.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "traces/history_import.h"
#include "traces/history_json.h"

namespace grove::traces {

std::string LoadError::to_string() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  // Keep the message on one line whatever the input contained.
  for (const char c : message) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

std::string_view history_format_name(HistoryFormat format) {
  switch (format) {
    case HistoryFormat::kGrovesim: return "grovesim";
    case HistoryFormat::kPorcupineEtcd: return "porcupine-etcd";
    case HistoryFormat::kPorcupineKv: return "porcupine-kv";
    case HistoryFormat::kJepsenEdn: return "jepsen-edn";
  }
  return "grovesim";
}

std::optional<HistoryFormat> history_format_from_name(std::string_view name) {
  for (const HistoryFormat format : {HistoryFormat::kGrovesim, HistoryFormat::kPorcupineEtcd,
                                     HistoryFormat::kPorcupineKv, HistoryFormat::kJepsenEdn}) {
    if (history_format_name(format) == name) return format;
  }
  return std::nullopt;
}

namespace {

std::size_t first_content(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',') {
      ++i;
    } else if (c == ';') {  // EDN comment line
      while (i < text.size() && text[i] != '\n') ++i;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace

std::optional<HistoryFormat> detect_history_format(std::string_view text) {
  const std::size_t start = first_content(text);
  if (start >= text.size()) return HistoryFormat::kGrovesim;
  const std::string_view rest = text.substr(start);
  if (rest.substr(0, 4) == "INFO") return HistoryFormat::kPorcupineEtcd;
  if (rest[0] == '{') {
    // JSON objects start with a string key; EDN maps with a keyword.
    std::size_t i = 1;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == '\r' ||
                               rest[i] == '\n')) {
      ++i;
    }
    if (i < rest.size() && rest[i] == '"') return HistoryFormat::kGrovesim;
    if (i < rest.size() && rest[i] == ':') {
      const std::string_view first_map = rest.substr(0, rest.find('}'));
      if (first_map.find(":key ") != std::string_view::npos) return HistoryFormat::kPorcupineKv;
      return HistoryFormat::kJepsenEdn;
    }
    return std::nullopt;
  }
  if (rest[0] == '[' || rest[0] == '(' || rest[0] == '#') return HistoryFormat::kJepsenEdn;
  return std::nullopt;
}

HistoryResult parse_history(std::string_view text, std::optional<HistoryFormat> format) {
  if (first_content(text) >= text.size()) {
    History empty;
    if (format == HistoryFormat::kPorcupineEtcd) empty.model = "cas-register";
    if (format == HistoryFormat::kPorcupineKv) empty.model = "kv";
    return HistoryResult::success(std::move(empty));
  }
  if (!format) format = detect_history_format(text);
  if (!format) {
    return HistoryResult::failure(
        1, "cannot tell the history format (grovesim JSON, Porcupine etcd/kv log or Jepsen EDN)");
  }
  switch (*format) {
    case HistoryFormat::kGrovesim: return parse_history_json(text);
    case HistoryFormat::kPorcupineEtcd: return parse_porcupine_etcd_log(text);
    case HistoryFormat::kPorcupineKv: return parse_porcupine_kv_log(text);
    case HistoryFormat::kJepsenEdn: return parse_jepsen_edn(text);
  }
  return HistoryResult::failure(0, "unknown format");
}

bool read_file(const std::string& path, std::string* contents, std::string* error) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    *error = std::strerror(errno);
    return false;
  }
  contents->clear();
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) contents->append(buffer, got);
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) {
    *error = "read error";
    return false;
  }
  return true;
}

HistoryResult load_history_file(const std::string& path, std::optional<HistoryFormat> format) {
  std::string text;
  std::string error;
  HistoryResult result;
  if (!read_file(path, &text, &error)) {
    result = HistoryResult::failure(0, "cannot read: " + error);
  } else {
    result = parse_history(text, format);
  }
  result.error.file = path;
  return result;
}

}  // namespace grove::traces
