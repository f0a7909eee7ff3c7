#include "scenarios/scenario_json.h"

#include "traces/utf8.h"

#include "traces/json_document.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace grove::scenarios {

namespace {

using nlohmann::json;

struct ScenarioError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string show(const json& value) {
  std::string text = value.dump();
  text = traces::shortened(text, 40);
  return text;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

// Reads one JSON object, remembering which keys were used so that unknown keys are reported.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object()) fail("", "expected an object, got " + show(object_));
  }

  void number(const char* key, double& out, double min, double max) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_number() || value->get<double>() < min || value->get<double>() > max) {
      fail(key, "expected a number in [" + format(min) + ", " + format(max) + "], got " +
                    show(*value));
    }
    out = value->get<double>();
  }

  void integer(const char* key, int& out, int min, int max) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_number_integer() || value->get<long long>() < min ||
        value->get<long long>() > max) {
      fail(key, "expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) +
                    "], got " + show(*value));
    }
    out = value->get<int>();
  }

  // A count that may exceed an int (e.g. search steps), in [min, 2^63).
  void count(const char* key, std::uint64_t& out, std::uint64_t min) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_number_integer() || value->get<long long>() < static_cast<long long>(min)) {
      fail(key, "expected an integer >= " + std::to_string(min) + ", got " + show(*value));
    }
    out = value->get<std::uint64_t>();
  }

  void boolean(const char* key, bool& out) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_boolean()) fail(key, "expected true or false, got " + show(*value));
    out = value->get<bool>();
  }

  void string(const char* key, std::string& out) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_string()) fail(key, "expected a string, got " + show(*value));
    out = value->get<std::string>();
  }

  void one_of(const char* key, std::string& out, const std::vector<std::string>& allowed) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_string() ||
        std::find(allowed.begin(), allowed.end(), value->get<std::string>()) == allowed.end()) {
      fail(key, "expected one of " + join(allowed) + ", got " + show(*value));
    }
    out = value->get<std::string>();
  }

  void choices(const char* key, std::vector<std::string>& out,
               const std::vector<std::string>& allowed) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_array()) fail(key, "expected a list of " + join(allowed) + ", got " + show(*value));
    out.clear();
    for (const json& item : *value) {
      if (!item.is_string() || std::find(allowed.begin(), allowed.end(), item.get<std::string>()) ==
                                   allowed.end()) {
        fail(key, "expected each of " + join(allowed) + ", got " + show(item));
      }
      out.push_back(item.get<std::string>());
    }
  }

  // A list of distinct integers in [0, 2^63), kept sorted.
  void indices(const char* key, std::vector<std::uint64_t>& out) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_array()) fail(key, "expected a list of integers >= 0, got " + show(*value));
    out.clear();
    for (const json& item : *value) {
      if (!item.is_number_integer() || item.get<long long>() < 0) {
        fail(key, "expected each to be an integer >= 0, got " + show(item));
      }
      out.push_back(item.get<std::uint64_t>());
    }
    std::sort(out.begin(), out.end());
    if (std::adjacent_find(out.begin(), out.end()) != out.end()) fail(key, "an index is listed twice");
  }

  // A list of distinct [a, b] pairs of integers >= 0, kept sorted.
  void index_pairs(const char* key, std::vector<std::pair<std::uint64_t, std::uint64_t>>& out) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_array()) fail(key, "expected a list of [client, op] pairs, got " + show(*value));
    out.clear();
    for (const json& item : *value) {
      if (!item.is_array() || item.size() != 2 || !item[0].is_number_integer() ||
          !item[1].is_number_integer() || item[0].get<long long>() < 0 || item[1].get<long long>() < 0) {
        fail(key, "expected each to be a [client, op] pair of integers >= 0, got " + show(item));
      }
      out.emplace_back(item[0].get<std::uint64_t>(), item[1].get<std::uint64_t>());
    }
    std::sort(out.begin(), out.end());
    if (std::adjacent_find(out.begin(), out.end()) != out.end()) fail(key, "a pair is listed twice");
  }

  void range(const char* key, RangeMs& out, double max) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_array() || value->size() != 2 || !(*value)[0].is_number() ||
        !(*value)[1].is_number() || (*value)[0].get<double>() < 0 ||
        (*value)[1].get<double>() < (*value)[0].get<double>() || (*value)[1].get<double>() > max) {
      fail(key, "expected [min, max] with 0 <= min <= max <= " + format(max) + ", got " +
                    show(*value));
    }
    out.min = (*value)[0].get<double>();
    out.max = (*value)[1].get<double>();
  }

  void byte_range(const char* key, RangeBytes& out, int max) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_array() || value->size() != 2 || !(*value)[0].is_number_integer() ||
        !(*value)[1].is_number_integer() || (*value)[0].get<long long>() < 0 ||
        (*value)[1].get<long long>() < (*value)[0].get<long long>() ||
        (*value)[1].get<long long>() > max) {
      fail(key, "expected [min, max] integers with 0 <= min <= max <= " + std::to_string(max) +
                    ", got " + show(*value));
    }
    out.min = (*value)[0].get<int>();
    out.max = (*value)[1].get<int>();
  }

  // Calls `read` with a reader for the sub-object `key`, if present.
  template <class Read>
  void object(const char* key, Read read) {
    const json* value = find(key);
    if (value == nullptr) return;
    ObjectReader child(*value, qualified(key));
    read(child);
    child.finish();
  }

  // Calls `read` with a reader for each object of the list `key`, if present.
  template <class Read>
  void list(const char* key, Read read) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_array()) fail(key, "expected a list of objects, got " + show(*value));
    for (std::size_t i = 0; i < value->size(); ++i) {
      ObjectReader child((*value)[i], qualified(key) + "[" + std::to_string(i) + "]");
      read(child);
      child.finish();
    }
  }

  // Every key must have been read.
  void finish() const {
    for (const auto& [key, value] : object_.items()) {
      if (used_.count(key) == 0) {
        fail(key, "unknown key (expected one of: " + join(std::vector<std::string>(
                                                       used_or_known_.begin(), used_or_known_.end())) +
                      ")");
      }
    }
  }

  [[noreturn]] void fail(const std::string& key, const std::string& message) const {
    // A key path can be as long as the file: show its start only, with the keys' control bytes
    // escaped (a key may hold a line break), so the error is one readable line.
    std::string path;
    for (const char c : qualified(key)) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte == 0x7f) {
        path += "\\x";
        path += "0123456789abcdef"[byte >> 4];
        path += "0123456789abcdef"[byte & 0xf];
      } else {
        path += c;
      }
    }
    path = traces::shortened(path, 80);
    throw ScenarioError(path + ": " + message);
  }

 private:
  const json* find(const char* key) {
    used_or_known_.insert(key);
    auto found = object_.find(key);
    if (found == object_.end()) return nullptr;
    used_.insert(key);
    return &*found;
  }
  std::string qualified(const std::string& key) const {
    if (key.empty()) return path_.empty() ? "(top level)" : path_;
    return path_.empty() ? key : path_ + "." + key;
  }
  static std::string format(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
  }
  static std::string join(const std::vector<std::string>& words) { return join_words(words); }

  const json& object_;
  std::string path_;
  std::set<std::string> used_;
  std::set<std::string> used_or_known_;
};

constexpr double kLargeRate = 1000;
constexpr double kLongMs = 3'600'000;
// A lease lasts 1 s (protocol.md §3.5): beyond half of it no lease is ever usable.
constexpr double kMaxUncertaintyMs = 500;

void read_faults(ObjectReader& faults, Faults& out) {
  faults.object("crash", [&](ObjectReader& crash) {
    crash.number("rate_per_s", out.crash.rate_per_s, 0, kLargeRate);
    crash.range("down_ms", out.crash.down_ms, kLongMs);
    crash.choices("roles", out.crash.roles,
                  {"replica", "config", "client", "primary", "config_leader"});
  });
  faults.object("step_faults", [&](ObjectReader& steps) {
    steps.integer("crashes", out.steps.crashes, 0, 100);
    steps.integer("partitions", out.steps.partitions, 0, 100);
    steps.integer("reconfigs", out.steps.reconfigs, 0, 100);
    steps.integer("max_faults", out.steps.max_faults, 0, 100);
    steps.range("down_ms", out.steps.down_ms, kLongMs);
    steps.range("duration_ms", out.steps.duration_ms, kLongMs);
  });
  faults.list("crash_after", [&](ObjectReader& trigger) {
    FaultCrashAfter& step = out.crash_after.emplace_back();
    const std::vector<std::string> events(step_event_names().begin(), step_event_names().end());
    std::string event;
    trigger.one_of("event", event, events);
    if (event.empty()) trigger.fail("event", "expected one of " + join_words(events));
    step.event = *parse_step_event(event);
    trigger.number("probability", step.probability, 0, 1);
    trigger.range("delay_ms", step.delay_ms, kLongMs);
    trigger.range("down_ms", step.down_ms, kLongMs);
    trigger.choices("roles", step.roles, {"replica", "config", "client"});
  });
  faults.object("disk", [&](ObjectReader& disk) {
    disk.number("min_latency_us", out.disk.min_latency_us, 0, 1e7);
    disk.number("jitter_us", out.disk.jitter_us, 0, 1e7);
    disk.number("stall", out.disk.stall, 0, 1);
    disk.range("stall_ms", out.disk.stall_ms, kLongMs);
    disk.number("group_commit_delay_us", out.disk.group_commit_delay_us, 0, 1e6);
  });
  faults.number("torn_append", out.torn_append, 0, 1);
  faults.object("network", [&](ObjectReader& network) {
    network.number("drop", out.network.drop, 0, 1);
    network.number("duplicate", out.network.duplicate, 0, 1);
    network.number("reorder", out.network.reorder, 0, 1);
    network.number("reorder_ms", out.network.reorder_ms, 0, kLongMs);
    network.number("min_delay_us", out.network.min_delay_us, 0, 1e9);
    network.number("tail_mean_us", out.network.tail_mean_us, 0, 1e9);
    network.number("late_duplicate", out.network.late_duplicate, 0, 1);
    network.range("late_duplicate_ms", out.network.late_duplicate_ms, kLongMs);
    network.number("stale_delivery", out.network.stale_delivery, 0, 1);
  });
  faults.object("preempt", [&](ObjectReader& preempt) {
    preempt.number("probability", out.preempt.probability, 0, 1);
    preempt.range("delay_ms", out.preempt.delay_ms, kLongMs);
    preempt.number("spurious_wakeup", out.preempt.spurious_wakeup, 0, 1);
  });
  faults.object("partition", [&](ObjectReader& partition) {
    partition.number("rate_per_s", out.partition.rate_per_s, 0, kLargeRate);
    partition.range("duration_ms", out.partition.duration_ms, kLongMs);
    partition.choices("shapes", out.partition.shapes,
                      {"split", "one_way", "isolate", "isolate_primary", "isolate_config_leader",
                       "bridge", "split_config_leader", "lag_config_follower"});
  });
  faults.object("clog", [&](ObjectReader& clog) {
    clog.number("rate_per_s", out.clog.rate_per_s, 0, kLargeRate);
    clog.range("duration_ms", out.clog.duration_ms, kLongMs);
  });
  faults.object("pause", [&](ObjectReader& pause) {
    pause.number("rate_per_s", out.pause.rate_per_s, 0, kLargeRate);
    pause.range("duration_ms", out.pause.duration_ms, kLongMs);
  });
  faults.object("clock", [&](ObjectReader& clock) {
    clock.number("rate_per_s", out.clock.rate_per_s, 0, kLargeRate);
    clock.number("max_offset_ms", out.clock.max_offset_ms, 0, kLongMs);
    clock.number("max_drift_ppm", out.clock.max_drift_ppm, 0, 1e6);
    clock.number("beyond_uncertainty_ms", out.clock.beyond_uncertainty_ms, 0, kLongMs);
    clock.number("step_rate_per_s", out.clock.step_rate_per_s, 0, kLargeRate);
    clock.choices("roles", out.clock.roles,
                  {"replica", "config", "client", "primary", "config_leader"});
    clock.range("uncertainty_ms", out.clock.uncertainty_ms, kMaxUncertaintyMs);
    clock.boolean("drift_stretches_sleeps", out.clock.drift_stretches_sleeps);
  });
  faults.number("reconfig_rate_per_s", out.reconfig_rate_per_s, 0, kLargeRate);
  faults.number("leader_change_rate_per_s", out.leader_change_rate_per_s, 0, kLargeRate);
  faults.indices("skip_events", out.skip_events);
}

Scenario read_scenario(const json& document) {
  Scenario scenario;
  ObjectReader top(document, "");
  top.string("name", scenario.name);
  top.string("description", scenario.description);
  top.one_of("app", scenario.app, {"vkv", "cachekv", "lock", "bank"});
  top.object("cluster", [&](ObjectReader& cluster) {
    cluster.integer("replicas", scenario.replicas, 1, 9);
    cluster.integer("spare_replicas", scenario.spare_replicas, 0, 9);
    cluster.integer("config_servers", scenario.config_servers, 1, 9);
    cluster.integer("clients", scenario.clients, 1, 64);
  });
  top.object("workload", [&](ObjectReader& workload) {
    Workload& w = scenario.workload;
    workload.object("mix", [&](ObjectReader& mix) {
      mix.number("put", w.put, 0, 1e6);
      mix.number("get", w.get, 0, 1e6);
      mix.number("cond_put", w.cond_put, 0, 1e6);
    });
    workload.integer("keys", w.keys, 1, 100000);
    workload.integer("value_bytes", w.value_bytes, 1, 1 << 20);
    workload.number("empty_values", w.empty_values, 0, 1);
    workload.number("long_values", w.long_values, 0, 1);
    workload.byte_range("long_value_bytes", w.long_value_bytes, 1 << 20);
    workload.number("repeat_values", w.repeat_values, 0, 1);
    workload.number("hot_key", w.hot_key, 0, 1);
    workload.range("think_ms", w.think_ms, kLongMs);
    workload.number("give_up_ms", w.give_up_ms, 1, kLongMs);
    workload.integer("ops_per_client", w.ops_per_client, 0, 1'000'000);
    workload.index_pairs("skip_ops", w.skip_ops);
  });
  top.object("phases", [&](ObjectReader& phases) {
    phases.number("safety_s", scenario.safety_s, 0, 3600);
    phases.number("heal_s", scenario.heal_s, 0.1, 3600);
    phases.number("liveness_bound_s", scenario.liveness_bound_s, 0.1, 3600);
  });
  top.number("clock_uncertainty_ms", scenario.clock_uncertainty_ms, 0, kMaxUncertaintyMs);
  top.boolean("swarm", scenario.swarm);
  top.boolean("expect_violations", scenario.expect_violations);
  top.count("check_budget", scenario.check_budget, 1);
  top.object("faults", [&](ObjectReader& faults) { read_faults(faults, scenario.faults); });
  top.finish();
  if (scenario.name.empty()) top.fail("name", "expected a non-empty name");
  // The name becomes part of file names (campaign replay files): it must not be a path.
  const bool safe_name =
      scenario.name.size() <= 64 && scenario.name.front() != '.' &&
      scenario.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789._-") == std::string::npos;
  if (!safe_name) {
    top.fail("name", "expected at most 64 letters, digits, '.', '_' or '-', not starting with '.'");
  }
  const Workload& w = scenario.workload;
  if (w.put + w.get + w.cond_put <= 0) top.fail("workload.mix", "expected a positive total weight");
  if (scenario.liveness_bound_s > scenario.heal_s) {
    top.fail("phases.liveness_bound_s", "expected at most phases.heal_s");
  }
  return scenario;
}


}  // namespace

ScenarioLoad parse_scenario(std::string_view text, const std::string& source) {
  ScenarioLoad load;
  traces::JsonDocument parsed = traces::parse_json_document(text);
  if (!parsed.value) {
    load.error = source + ": " + parsed.error;
    return load;
  }
  const json& document = *parsed.value;
  try {
    load.scenario = read_scenario(document);
  } catch (const ScenarioError& error) {
    load.error = source + ": " + error.what();
  }
  return load;
}

ScenarioLoad load_scenario(const std::string& name_or_path) {
  for (const BuiltinScenario& builtin : builtin_scenarios()) {
    if (builtin.name == name_or_path) return parse_scenario(builtin.json, "builtin:" + builtin.name);
  }
  std::ifstream file(name_or_path, std::ios::binary);
  if (!file) {
    ScenarioLoad load;
    std::string names;
    for (const BuiltinScenario& builtin : builtin_scenarios()) names += " " + builtin.name;
    load.error = name_or_path + ": no such built-in scenario or readable file (built-in:" + names + ")";
    return load;
  }
  std::stringstream text;
  text << file.rdbuf();
  return parse_scenario(text.str(), name_or_path);
}

namespace {

json range_json(const RangeMs& range) { return json::array({range.min, range.max}); }

json crash_after_json(const std::vector<FaultCrashAfter>& steps) {
  json out = json::array();
  for (const FaultCrashAfter& step : steps) {
    out.push_back({{"event", std::string(step_event_name(step.event))},
                   {"probability", step.probability},
                   {"delay_ms", range_json(step.delay_ms)},
                   {"down_ms", range_json(step.down_ms)},
                   {"roles", step.roles}});
  }
  return out;
}

}  // namespace

std::string scenario_to_json(const Scenario& s) {
  const Faults& f = s.faults;
  json document = {
      {"name", s.name},
      {"description", s.description},
      {"app", s.app},
      {"cluster",
       {{"replicas", s.replicas},
        {"spare_replicas", s.spare_replicas},
        {"config_servers", s.config_servers},
        {"clients", s.clients}}},
      {"workload",
       {{"mix", {{"put", s.workload.put}, {"get", s.workload.get}, {"cond_put", s.workload.cond_put}}},
        {"keys", s.workload.keys},
        {"value_bytes", s.workload.value_bytes},
        {"empty_values", s.workload.empty_values},
        {"long_values", s.workload.long_values},
        {"long_value_bytes", json::array({s.workload.long_value_bytes.min, s.workload.long_value_bytes.max})},
        {"repeat_values", s.workload.repeat_values},
        {"hot_key", s.workload.hot_key},
        {"think_ms", range_json(s.workload.think_ms)},
        {"give_up_ms", s.workload.give_up_ms},
        {"ops_per_client", s.workload.ops_per_client},
        {"skip_ops", s.workload.skip_ops}}},
      {"phases",
       {{"safety_s", s.safety_s}, {"heal_s", s.heal_s}, {"liveness_bound_s", s.liveness_bound_s}}},
      {"clock_uncertainty_ms", s.clock_uncertainty_ms},
      {"swarm", s.swarm},
      {"expect_violations", s.expect_violations},
      {"check_budget", s.check_budget},
      {"faults",
       {{"crash",
         {{"rate_per_s", f.crash.rate_per_s},
          {"down_ms", range_json(f.crash.down_ms)},
          {"roles", f.crash.roles}}},
        {"step_faults",
         {{"crashes", f.steps.crashes},
          {"partitions", f.steps.partitions},
          {"reconfigs", f.steps.reconfigs},
          {"max_faults", f.steps.max_faults},
          {"down_ms", range_json(f.steps.down_ms)},
          {"duration_ms", range_json(f.steps.duration_ms)}}},
        {"crash_after", crash_after_json(f.crash_after)},
        {"torn_append", f.torn_append},
        {"disk",
         {{"min_latency_us", f.disk.min_latency_us},
          {"jitter_us", f.disk.jitter_us},
          {"stall", f.disk.stall},
          {"stall_ms", range_json(f.disk.stall_ms)},
          {"group_commit_delay_us", f.disk.group_commit_delay_us}}},
        {"network",
         {{"drop", f.network.drop},
          {"duplicate", f.network.duplicate},
          {"reorder", f.network.reorder},
          {"reorder_ms", f.network.reorder_ms},
          {"min_delay_us", f.network.min_delay_us},
          {"tail_mean_us", f.network.tail_mean_us},
          {"late_duplicate", f.network.late_duplicate},
          {"late_duplicate_ms", range_json(f.network.late_duplicate_ms)},
          {"stale_delivery", f.network.stale_delivery}}},
        {"preempt",
         {{"probability", f.preempt.probability},
          {"delay_ms", range_json(f.preempt.delay_ms)},
          {"spurious_wakeup", f.preempt.spurious_wakeup}}},
        {"partition",
         {{"rate_per_s", f.partition.rate_per_s},
          {"duration_ms", range_json(f.partition.duration_ms)},
          {"shapes", f.partition.shapes}}},
        {"clog", {{"rate_per_s", f.clog.rate_per_s}, {"duration_ms", range_json(f.clog.duration_ms)}}},
        {"pause",
         {{"rate_per_s", f.pause.rate_per_s}, {"duration_ms", range_json(f.pause.duration_ms)}}},
        {"clock",
         {{"rate_per_s", f.clock.rate_per_s},
          {"max_offset_ms", f.clock.max_offset_ms},
          {"max_drift_ppm", f.clock.max_drift_ppm},
          {"beyond_uncertainty_ms", f.clock.beyond_uncertainty_ms},
          {"step_rate_per_s", f.clock.step_rate_per_s},
          {"roles", f.clock.roles},
          {"uncertainty_ms", range_json(f.clock.uncertainty_ms)},
          {"drift_stretches_sleeps", f.clock.drift_stretches_sleeps}}},
        {"reconfig_rate_per_s", f.reconfig_rate_per_s},
        {"leader_change_rate_per_s", f.leader_change_rate_per_s},
        {"skip_events", f.skip_events}}},
  };
  return document.dump(2);
}

}  // namespace grove::scenarios
