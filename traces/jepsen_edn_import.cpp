// Jepsen EDN histories and Porcupine kv logs read as EDN (maps, one per line). See
// history_import.h.
#include <map>
#include <string>
#include <vector>

#include "traces/edn_reader.h"
#include "traces/edn_text.h"
#include "traces/history_import.h"

namespace grove::traces {

namespace {

// The history value of an EDN value: nil reads as "", scalars as their text.
std::string value_string(const EdnValue& value) { return edn_history_value(value); }

bool is_pair(const EdnValue& value) {
  return (value.kind == EdnValue::Kind::kVector || value.kind == EdnValue::Kind::kList) &&
         value.items.size() == 2;
}

bool is_tuple_map(const EdnValue& value) {
  return value.kind == EdnValue::Kind::kMap && value.find("key") != nullptr &&
         value.find("value") != nullptr;
}

bool is_read(const std::string& name) { return name == "read" || name == "get"; }
// Ops whose completion carries what they observed: reads, a queue's dequeue, a txn (its reads'
// values).
bool returns_value(const std::string& name) {
  return is_read(name) || name == "dequeue" || name == "txn";
}
bool is_cas(const std::string& name) {
  return name == "cas" || name == "cond-put" || name == "compare-and-set";
}

// jepsen.independent: is `value` a [key value] tuple for an op named `name`?
bool looks_keyed(const std::string& name, const EdnValue& value) {
  if (is_tuple_map(value)) return true;
  if (name == "txn") return false;  // a txn of two micro-ops is a pair too
  if (!is_pair(value)) return false;
  if (is_cas(name)) return is_pair(value.items[1]);  // [k [old new]] (a plain cas is [old new])
  return true;                                       // read [k v], write [k v]
}

struct Event {
  const EdnValue* map;
  std::uint64_t process;
  std::string type;
  std::string name;
};

// Splits a keyed value into its key and the inner value.
void split_key(const EdnValue& value, std::string* key, const EdnValue** inner) {
  if (is_tuple_map(value)) {
    *key = value_string(*value.find("key"));
    *inner = value.find("value");
  } else if (is_pair(value)) {
    *key = value_string(value.items[0]);
    *inner = &value.items[1];
  }
}

HistoryResult convert(const std::vector<EdnValue>& maps, bool key_entries, std::string model) {
  // Collect the client events; decide whether values are [key value] tuples.
  std::vector<Event> events;
  bool keyed = false;
  for (const EdnValue& map : maps) {
    auto bad = [&](const std::string& why) { return HistoryResult::failure(map.line, why); };
    if (map.kind != EdnValue::Kind::kMap) return bad("expected an operation map {...}");
    const EdnValue* process = map.find("process");
    const EdnValue* type = map.find("type");
    const EdnValue* function = map.find("f");
    if (process == nullptr || type == nullptr || function == nullptr) {
      return bad("operation map without :process, :type or :f");
    }
    if (process->kind != EdnValue::Kind::kInteger) continue;  // :nemesis and friends
    if (process->integer < 0) return bad("negative :process");
    if (type->kind != EdnValue::Kind::kKeyword) return bad(":type is not a keyword");
    if (type->text != "invoke" && type->text != "ok" && type->text != "fail" &&
        type->text != "info") {
      return bad("unknown :type :" + type->text);
    }
    Event event{&map, static_cast<std::uint64_t>(process->integer), type->text,
                function->kind == EdnValue::Kind::kKeyword ? function->text
                                                           : value_string(*function)};
    if (!key_entries && event.type == "invoke" && map.find("key") == nullptr) {
      const EdnValue* value = map.find("value");
      if (value != nullptr && !is_read(event.name) && looks_keyed(event.name, *value)) {
        keyed = true;
      }
      if (value != nullptr && is_read(event.name) && (is_pair(*value) || is_tuple_map(*value))) {
        keyed = true;
      }
    }
    events.push_back(std::move(event));
  }

  History history;
  std::map<std::uint64_t, std::size_t> pending;  // process -> index in `operations`
  std::vector<bool> dropped;
  bool any_cas = false;
  bool any_kv = false;
  bool any_mutex = false;
  bool any_set = false;
  bool any_txn = false;
  static const EdnValue kNil;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    const std::int64_t now = static_cast<std::int64_t>(i);
    auto bad = [&](const std::string& why) { return HistoryResult::failure(event.map->line, why); };
    const EdnValue* value = event.map->find("value");
    if (value == nullptr) value = &kNil;
    std::string key;
    const EdnValue* inner = value;
    if (const EdnValue* key_value = event.map->find("key"); key_value != nullptr) {
      key = value_string(*key_value);  // Porcupine kv style: the key has its own entry
    } else if (key_entries) {
      return bad("operation without :key");
    } else if (keyed) {
      if (!is_pair(*value) && !is_tuple_map(*value)) return bad("expected a [key value] tuple");
      split_key(*value, &key, &inner);
    }
    if (event.type == "invoke") {
      if (pending.count(event.process) != 0) {
        return bad("process " + std::to_string(event.process) +
                   " invoked twice without completing");
      }
      Operation op;
      op.client = event.process;
      op.name = event.name;
      op.key = std::move(key);
      op.invoke_ns = now;
      if (is_cas(op.name)) {
        if (!is_pair(*inner)) return bad(":" + op.name + " expects [old new]");
        op.input = {value_string(inner->items[0]), value_string(inner->items[1])};
        any_cas = true;
      } else if (!is_read(op.name) && inner->kind != EdnValue::Kind::kNil) {
        op.input = {value_string(*inner)};
      }
      if (op.name == "append" || op.name == "put" || op.name == "get") any_kv = true;
      if (op.name == "acquire" || op.name == "release") any_mutex = true;
      if (op.name == "add") any_set = true;
      if (op.name == "txn") any_txn = true;
      pending[event.process] = history.operations.size();
      history.operations.push_back(std::move(op));
      dropped.push_back(false);
      continue;
    }
    const auto open = pending.find(event.process);
    if (open == pending.end()) {
      return bad("process " + std::to_string(event.process) + " completes an op it never invoked");
    }
    const std::size_t index = open->second;
    pending.erase(open);
    Operation& op = history.operations[index];
    op.return_ns = now;
    if (event.type == "fail") {
      dropped[index] = true;  // definitely did not take effect
    } else if (event.type == "ok") {
      if (returns_value(op.name)) {
        op.output = value_string(*inner);
      } else if (is_cas(op.name)) {
        op.output = "ok";
      } else {
        op.output = "";
      }
    }  // :info: unknown outcome
  }
  History kept;
  kept.operations.reserve(history.operations.size());
  for (std::size_t i = 0; i < history.operations.size(); ++i) {
    if (!dropped[i]) kept.operations.push_back(std::move(history.operations[i]));
  }
  if (!model.empty()) {
    kept.model = std::move(model);
  } else {
    kept.model = any_kv      ? "kv"
                 : any_cas   ? "cas-register"
                 : any_mutex ? "mutex"
                 : any_set   ? "set"
                 : any_txn   ? "multi-register"
                             : "register";
  }
  return HistoryResult::success(std::move(kept));
}

HistoryResult read_maps(std::string_view text, bool key_entries, std::string model) {
  EdnReader reader(text);
  std::vector<EdnValue> maps;
  while (std::optional<EdnValue> value = reader.next()) {
    if (value->kind == EdnValue::Kind::kVector || value->kind == EdnValue::Kind::kList) {
      for (EdnValue& item : value->items) maps.push_back(std::move(item));
    } else {
      maps.push_back(std::move(*value));
    }
  }
  if (reader.failed()) return HistoryResult::failure(reader.error_line(), reader.error());
  return convert(maps, key_entries, std::move(model));
}

}  // namespace

HistoryResult parse_porcupine_kv_log_edn(std::string_view text) {
  return read_maps(text, /*key_entries=*/true, "kv");
}

HistoryResult parse_jepsen_edn(std::string_view text) {
  return read_maps(text, /*key_entries=*/false, "");
}

}  // namespace grove::traces
