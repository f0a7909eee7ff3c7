#include "traces/replay_file.h"

#include "traces/utf8.h"

#include "traces/json_document.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace grove::traces {

namespace {

using nlohmann::json;

std::string hex(std::uint64_t value) {
  char buffer[19];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

std::string replay_file_json(const ReplayFile& replay) {
  json document = {
      {"format", "grovesim-replay"},
      {"version", 1},
      {"grovesim_version", replay.grovesim_version},
      {"scenario_name", replay.scenario_name},
      {"seed", replay.seed},
      {"bugs", replay.bugs},
      {"trace_hash", hex(replay.trace_hash)},
      {"violations", replay.violations},
      {"fail_fast", replay.fail_fast},
      {"scenario", json::parse(replay.scenario_json)},
  };
  if (replay.stop_at_event != 0) document["stop_at_event"] = replay.stop_at_event;
  if (!replay.choices.empty()) document["choices"] = replay.choices;
  return document.dump(2) + "\n";
}

namespace {
ReplayLoad parse_replay_document(const std::string& text, const std::string& file_name);
}

ReplayLoad parse_replay_file(const std::string& text, const std::string& file_name) {
  try {
    return parse_replay_document(text, file_name);
  } catch (const nlohmann::json::exception& error) {
    ReplayLoad load;
    load.error = file_name + ": unexpected value type (" + std::string(error.what()) + ")";
    return load;
  }
}

namespace {

ReplayLoad parse_replay_document(const std::string& text, const std::string& file_name) {
  ReplayLoad load;
  JsonDocument parsed = parse_json_document(text);
  if (!parsed.value) {
    load.error = file_name + ": " + parsed.error;
    return load;
  }
  const json& document = *parsed.value;
  auto fail = [&](const std::string& key, const std::string& expected) {
    load.error = file_name + ": " + key + ": expected " + expected;
    return load;
  };
  if (!document.is_object()) return fail("(top level)", "an object");
  if (document.value("format", "") != "grovesim-replay") {
    return fail("format", "\"grovesim-replay\"");
  }
  ReplayFile replay;
  if (!document.contains("seed") || !document["seed"].is_number_unsigned()) {
    return fail("seed", "a non-negative integer");
  }
  replay.seed = document["seed"].get<std::uint64_t>();
  if (!document.contains("scenario") || !document["scenario"].is_object()) {
    return fail("scenario", "the scenario object");
  }
  replay.scenario_json = document["scenario"].dump();
  if (!document.contains("trace_hash") || !document["trace_hash"].is_string()) {
    return fail("trace_hash", "a hexadecimal string");
  }
  const std::string hash = document["trace_hash"].get<std::string>();
  if (hash.empty() || hash.size() > 16 ||
      hash.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
    return fail("trace_hash", "a hexadecimal string of at most 16 digits");
  }
  replay.trace_hash = std::stoull(hash, nullptr, 16);
  if (document.contains("bugs")) {
    if (!document["bugs"].is_array()) return fail("bugs", "a list of bug names");
    for (const json& bug : document["bugs"]) {
      if (!bug.is_string()) return fail("bugs", "a list of bug names");
      replay.bugs.push_back(bug.get<std::string>());
    }
  }
  if (document.contains("fail_fast")) {
    if (!document["fail_fast"].is_boolean()) return fail("fail_fast", "true or false");
    replay.fail_fast = document["fail_fast"].get<bool>();
  }
  if (document.contains("stop_at_event")) {
    const json& cut = document["stop_at_event"];
    if (!cut.is_number_unsigned()) return fail("stop_at_event", "a number of trace events");
    replay.stop_at_event = cut.get<std::uint64_t>();
  }
  if (document.contains("violations") && document["violations"].is_array()) {
    for (const json& line : document["violations"]) {
      if (line.is_string()) replay.violations.push_back(line.get<std::string>());
    }
  }
  if (document.contains("choices")) {
    const json& choices = document["choices"];
    if (!choices.is_object()) return fail("choices", "an object of stream name -> list of numbers");
    for (const auto& [stream, values] : choices.items()) {
      // The name as it appears in messages: at most 40 bytes of it (a hostile key may be huge).
      const std::string named = shortened(stream, 40);
      if (!values.is_array()) return fail("choices." + named, "a list of non-negative integers");
      std::vector<std::uint64_t>& list = replay.choices[stream];
      list.reserve(values.size());
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (!values[i].is_number_unsigned()) {
          return fail("choices." + named + "[" + std::to_string(i) + "]", "a non-negative integer");
        }
        list.push_back(values[i].get<std::uint64_t>());
      }
    }
  }
  replay.grovesim_version = document.value("grovesim_version", "");
  replay.scenario_name = document.value("scenario_name", "");
  load.replay = std::move(replay);
  return load;
}

}  // namespace

}  // namespace grove::traces
