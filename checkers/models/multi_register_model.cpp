// "multi-register": Knossos's multi-register, a map of registers read and written by atomic
// transactions (Jepsen's :txn):
//   txn [[:read k nil] [:write k v] ...] -> [[:read k v'] [:write k v] ...]
// The invocation lists the micro-ops; the completion is the same list with each read's
// observed value (nil / "" for a never-written register). The micro-ops run in order, all at
// one point. A txn touches several keys, so the history is checked whole (no partition); with
// an unknown outcome (or a completion without values) its reads observed nothing.
#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "checkers/interned_maps.h"
#include "checkers/model.h"
#include "traces/edn_reader.h"
#include "traces/edn_text.h"

namespace grove::checkers {

namespace {

enum MicroKind : ValueId { kRead, kWrite, kUnobservedRead };

struct MicroOp {
  ValueId kind = kRead;
  ValueId key = 0;
  ValueId value = 0;
};

// A txn's micro-ops as one value id (bytes of the MicroOps), and back.
ValueId intern_micro_ops(ValueTable& values, const std::vector<MicroOp>& micro_ops) {
  std::string bytes(micro_ops.size() * sizeof(MicroOp), '\0');
  if (!micro_ops.empty()) std::memcpy(bytes.data(), micro_ops.data(), bytes.size());
  return values.intern(bytes);
}

std::vector<MicroOp> micro_ops_of(const ValueTable& values, ValueId id) {
  const std::string& bytes = values.text(id);
  std::vector<MicroOp> micro_ops(bytes.size() / sizeof(MicroOp));
  if (!micro_ops.empty()) std::memcpy(micro_ops.data(), bytes.data(), bytes.size());
  return micro_ops;
}

struct ParsedMicroOp {
  bool write = false;
  std::string key;
  std::string value;
};

// Parses "[[:read k v] [:write k v] ...]" (also :r/:w, lists); "" on success, else why not.
std::string parse_txn(const std::string& text, std::vector<ParsedMicroOp>* out) {
  using Kind = traces::EdnValue::Kind;
  traces::EdnReader reader(text);
  const std::optional<traces::EdnValue> txn = reader.next();
  if (!txn || reader.next() || reader.failed() ||
      (txn->kind != Kind::kVector && txn->kind != Kind::kList)) {
    return "expected a txn [[:read k v] [:write k v] ...], not " + quoted(text);
  }
  for (const traces::EdnValue& item : txn->items) {
    const bool triple = (item.kind == Kind::kVector || item.kind == Kind::kList) &&
                        item.items.size() == 3 && item.items[0].kind == Kind::kKeyword;
    const std::string f = triple ? item.items[0].text : "";
    if (f != "read" && f != "r" && f != "write" && f != "w") {
      return "expected a micro-op [:read k v] or [:write k v], not " + traces::edn_text(item);
    }
    out->push_back({f == "write" || f == "w", traces::edn_history_value(item.items[1]),
                    traces::edn_history_value(item.items[2])});
  }
  return "";
}

// Whole-history states: sorted (key, value) pairs without "" values, interned.
class RegistersMachine final : public Machine {
 public:
  explicit RegistersMachine(ValueTable& values) : values_(values) {}
  State initial() override { return 0; }

  bool step(State state, const CompiledOp& op, State* next) override {
    InternedMaps::Entries registers = states_.at(state);  // copy: states_ may grow
    for (const MicroOp& micro : micro_ops_of(values_, op.a)) {
      const auto at = std::lower_bound(registers.begin(), registers.end(),
                                       std::make_pair(micro.key, ValueId{0}));
      const bool present = at != registers.end() && at->first == micro.key;
      if (micro.kind == kRead) {
        if ((present ? at->second : 0) != micro.value) return false;
      } else if (micro.kind == kWrite) {
        if (present && micro.value == 0) {
          registers.erase(at);
        } else if (present) {
          at->second = micro.value;
        } else if (micro.value != 0) {
          registers.insert(at, {micro.key, micro.value});
        }
      }
    }
    *next = states_.intern(std::move(registers));
    return true;
  }

  std::string describe(State state) const override {
    return states_.describe(values_, state, "other registers \"\"");
  }

 private:
  ValueTable& values_;
  InternedMaps states_;
};

class MultiRegisterModel final : public Model {
 public:
  std::string_view name() const override { return "multi-register"; }
  std::string_view summary() const override {
    return "registers read and written by atomic txns (Knossos): txn [[:read k nil] [:write k v] "
           "...] -> the same with each read's value";
  }
  bool partition_by_key() const override { return false; }

  std::string compile(const traces::Operation& op, ValueTable& values,
                      CompiledOp* out) const override {
    if (op.name != "txn") {
      return "the multi-register model has no operation '" + op.name + "' (txn)";
    }
    if (op.input.size() != 1) return "txn takes a list of micro-ops [[:read k v] [:write k v]]";
    out->known = op.outcome_known();
    std::vector<ParsedMicroOp> invoked;
    if (std::string error = parse_txn(op.input[0], &invoked); !error.empty()) return error;
    // The completion gives the reads' values; "" (nil): it gave none.
    std::vector<ParsedMicroOp> completed;
    if (out->known && !op.output->empty()) {
      if (std::string error = parse_txn(*op.output, &completed); !error.empty()) return error;
      if (completed.size() != invoked.size()) {
        return "the txn's completion has " + std::to_string(completed.size()) +
               " micro-ops, its invocation " + std::to_string(invoked.size());
      }
    }
    std::vector<MicroOp> micro_ops;
    out->effect_free = true;
    for (std::size_t i = 0; i < invoked.size(); ++i) {
      const ParsedMicroOp& micro = invoked[i];
      if (!completed.empty() &&
          (completed[i].write != micro.write || completed[i].key != micro.key)) {
        return "micro-op #" + std::to_string(i) + " of the txn's completion is not its invocation's";
      }
      MicroOp compiled;
      compiled.key = values.intern(micro.key);
      if (micro.write) {
        compiled.kind = kWrite;
        compiled.value = values.intern(micro.value);
        out->effect_free = false;
      } else if (completed.empty()) {
        compiled.kind = kUnobservedRead;
      } else {
        compiled.kind = kRead;
        compiled.value = values.intern(completed[i].value);
      }
      micro_ops.push_back(compiled);
    }
    out->a = intern_micro_ops(values, micro_ops);
    return "";
  }

  std::unique_ptr<Machine> machine(ValueTable& values, bool) const override {
    return std::make_unique<RegistersMachine>(values);
  }
};

}  // namespace

const Model& multi_register_model() {
  static const MultiRegisterModel model;
  return model;
}

}  // namespace grove::checkers
