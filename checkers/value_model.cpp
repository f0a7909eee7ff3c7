#include "checkers/value_model.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "checkers/interned_maps.h"

namespace grove::checkers {

namespace {

class KeyMachine final : public Machine {
 public:
  KeyMachine(const ValueModel& model, ValueTable& values) : model_(model), values_(values) {}
  State initial() override { return 0; }
  bool step(State state, const CompiledOp& op, State* next) override {
    ValueId value = 0;
    const bool ok = model_.step_value(values_, static_cast<ValueId>(state), op, &value);
    *next = value;
    return ok;
  }
  std::string describe(State state) const override {
    return quoted(values_.text(static_cast<ValueId>(state)));
  }

 private:
  const ValueModel& model_;
  ValueTable& values_;
};

// Whole-history states: sorted (key, value) pairs without "" values, interned.
class MapMachine final : public Machine {
 public:
  MapMachine(const ValueModel& model, ValueTable& values) : model_(model), values_(values) {}
  State initial() override { return 0; }

  bool step(State state, const CompiledOp& op, State* next) override {
    const InternedMaps::Entries& map = maps_.at(state);
    const auto at = std::lower_bound(map.begin(), map.end(), std::make_pair(op.key, ValueId{0}));
    const ValueId current = (at != map.end() && at->first == op.key) ? at->second : 0;
    ValueId value = 0;
    if (!model_.step_value(values_, current, op, &value)) return false;
    if (value == current) {
      *next = state;
      return true;
    }
    const TransitionKey memo_key{state, op.key, value};
    const auto found = transitions_.find(memo_key);
    if (found != transitions_.end()) {
      *next = found->second;
      return true;
    }
    InternedMaps::Entries changed = map;  // copy: `map` may move when maps_ grows
    const auto slot = std::lower_bound(changed.begin(), changed.end(),
                                       std::make_pair(op.key, ValueId{0}));
    if (slot != changed.end() && slot->first == op.key) {
      if (value == 0) {
        changed.erase(slot);
      } else {
        slot->second = value;
      }
    } else {
      changed.insert(slot, {op.key, value});
    }
    const State changed_state = maps_.intern(std::move(changed));
    transitions_.emplace(memo_key, changed_state);
    *next = changed_state;
    return true;
  }

  std::string describe(State state) const override {
    return maps_.describe(values_, state, "other keys \"\"");
  }

 private:
  struct TransitionKey {
    State state;
    ValueId key;
    ValueId value;
    bool operator==(const TransitionKey&) const = default;
  };
  struct TransitionHash {
    std::size_t operator()(const TransitionKey& k) const {
      return k.state * 0x9e3779b97f4a7c15ULL ^ (std::uint64_t{k.key} << 32 | k.value);
    }
  };
  const ValueModel& model_;
  ValueTable& values_;
  InternedMaps maps_;  // whole-history states
  std::unordered_map<TransitionKey, State, TransitionHash> transitions_;
};

}  // namespace

std::unique_ptr<Machine> ValueModel::machine(ValueTable& values, bool whole_history) const {
  if (whole_history) return std::make_unique<MapMachine>(*this, values);
  return std::make_unique<KeyMachine>(*this, values);
}

bool ValueModel::compile_read(const traces::Operation& op, ValueTable& values,
                              std::initializer_list<std::string_view> names, std::uint8_t kind,
                              CompiledOp* out, std::string& error) {
  if (!op_name_is(op.name, names)) return false;
  out->key = values.intern(op.key);
  out->known = op.outcome_known();
  out->kind = kind;
  out->effect_free = true;
  if (out->known) out->out = values.intern(*op.output);
  error.clear();
  return true;
}

bool ValueModel::compile_update(const traces::Operation& op, ValueTable& values,
                                std::initializer_list<std::string_view> names, std::uint8_t kind,
                                CompiledOp* out, std::string& error) {
  if (!op_name_is(op.name, names)) return false;
  out->key = values.intern(op.key);
  out->known = op.outcome_known();
  out->kind = kind;
  if (op.input.size() != 1) {
    error = op.name + " takes one value";
    return true;
  }
  out->a = values.intern(op.input[0]);
  if (out->known) out->out = values.intern(*op.output);
  error.clear();
  return true;
}

}  // namespace grove::checkers
