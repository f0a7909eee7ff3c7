#include "traces/history_json.h"

#include <ostream>

#include "traces/json_reader.h"

namespace grove::traces {

namespace {

void append_operation(std::string& out, const Operation& op) {
  out += "{\"client\":";
  out += std::to_string(op.client);
  out += ",\"op\":";
  append_json_string(out, op.name);
  out += ",\"key\":";
  append_json_string(out, op.key);
  out += ",\"input\":[";
  for (std::size_t i = 0; i < op.input.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, op.input[i]);
  }
  out += "],\"output\":";
  if (op.output) {
    append_json_string(out, *op.output);
  } else {
    out += "null";
  }
  out += ",\"invoke_ns\":";
  out += std::to_string(op.invoke_ns);
  out += ",\"return_ns\":";
  if (op.return_ns == kNoReturn) {
    out += "null";
  } else {
    out += std::to_string(op.return_ns);
  }
  if (!op.output && op.effect_deadline_ns != kNoReturn) {
    out += ",\"effect_deadline_ns\":";
    out += std::to_string(op.effect_deadline_ns);
  }
  out += '}';
}

std::string header_json(const History& history) {
  std::string out = "{\"format\":";
  append_json_string(out, kHistoryFormatName);
  out += ",\"version\":";
  out += std::to_string(kHistoryFormatVersion);
  out += ",\"model\":";
  append_json_string(out, history.model);
  out += ",\"operations\":[";
  return out;
}

// Reads one operation object; `line` is where it starts (for messages).
bool read_operation(JsonReader& reader, Operation* op) {
  if (!reader.begin_object()) return false;
  bool has_name = false;
  bool has_invoke = false;
  std::string member;
  while (reader.next_member(&member)) {
    if (member == "client") {
      if (!reader.read_uint(&op->client)) return false;
    } else if (member == "op") {
      if (!reader.read_string(&op->name)) return false;
      has_name = true;
    } else if (member == "key") {
      if (!reader.read_string(&op->key)) return false;
    } else if (member == "input") {
      if (!reader.begin_array()) return false;
      while (reader.next_element()) {
        op->input.emplace_back();
        if (!reader.read_string(&op->input.back())) return false;
      }
    } else if (member == "output") {
      if (reader.try_null()) {
        op->output.reset();
      } else {
        op->output.emplace();
        if (!reader.read_string(&*op->output)) return false;
      }
    } else if (member == "invoke_ns") {
      if (!reader.read_int(&op->invoke_ns)) return false;
      has_invoke = true;
    } else if (member == "return_ns") {
      if (reader.try_null()) {
        op->return_ns = kNoReturn;
      } else if (!reader.read_int(&op->return_ns)) {
        return false;
      }
    } else if (member == "effect_deadline_ns") {
      if (reader.try_null()) {
        op->effect_deadline_ns = kNoReturn;
      } else if (!reader.read_int(&op->effect_deadline_ns)) {
        return false;
      }
    } else if (!reader.skip_value()) {  // unknown members: forward compatible
      return false;
    }
  }
  if (reader.failed()) return false;
  if (!has_name) return reader.fail("operation without \"op\"");
  if (!has_invoke) return reader.fail("operation without \"invoke_ns\"");
  if (op->output && op->return_ns == kNoReturn) {
    return reader.fail("operation with an output but no return_ns");
  }
  if (op->return_ns < op->invoke_ns) return reader.fail("return_ns before invoke_ns");
  if (op->effect_deadline_ns != kNoReturn) {
    if (op->output) return reader.fail("effect_deadline_ns on an operation with a known output");
    if (op->effect_deadline_ns < op->invoke_ns) {
      return reader.fail("effect_deadline_ns before invoke_ns");
    }
  }
  return true;
}

}  // namespace

void write_history_json(const History& history, std::ostream& out) {
  out << header_json(history) << '\n';
  std::string line;
  for (std::size_t i = 0; i < history.operations.size(); ++i) {
    line.clear();
    append_operation(line, history.operations[i]);
    if (i + 1 < history.operations.size()) line += ',';
    line += '\n';
    out << line;
  }
  out << "]}\n";
}

std::string history_to_json(const History& history) {
  std::string out = header_json(history);
  out += '\n';
  for (std::size_t i = 0; i < history.operations.size(); ++i) {
    append_operation(out, history.operations[i]);
    if (i + 1 < history.operations.size()) out += ',';
    out += '\n';
  }
  out += "]}\n";
  return out;
}

HistoryResult parse_history_json(std::string_view text) {
  JsonReader reader(text);
  History history;
  bool has_format = false;
  bool has_operations = false;
  auto failure = [&reader]() {
    return HistoryResult::failure(reader.error_line(), reader.error());
  };
  if (!reader.begin_object()) return failure();
  std::string member;
  while (reader.next_member(&member)) {
    if (member == "format") {
      std::string format;
      if (!reader.read_string(&format)) return failure();
      if (format != kHistoryFormatName) {
        reader.fail("format is " + quoted_for_message(format) + ", expected \"" +
                    std::string(kHistoryFormatName) + "\"");
        return failure();
      }
      has_format = true;
    } else if (member == "version") {
      std::int64_t version = 0;
      if (!reader.read_int(&version)) return failure();
      if (version != kHistoryFormatVersion) {
        reader.fail("unsupported version " + std::to_string(version));
        return failure();
      }
    } else if (member == "model") {
      if (!reader.read_string(&history.model)) return failure();
    } else if (member == "operations") {
      has_operations = true;
      if (!reader.begin_array()) return failure();
      while (reader.next_element()) {
        history.operations.emplace_back();
        if (!read_operation(reader, &history.operations.back())) return failure();
      }
      if (reader.failed()) return failure();
    } else if (!reader.skip_value()) {
      return failure();
    }
  }
  if (reader.failed()) return failure();
  if (!reader.at_end()) {
    reader.fail("trailing text after the history object");
    return failure();
  }
  if (!has_format) return HistoryResult::failure(1, "missing \"format\": \"grovesim-history\"");
  if (!has_operations) return HistoryResult::failure(1, "missing \"operations\"");
  return HistoryResult::success(std::move(history));
}

}  // namespace grove::traces
