#include "checkers/collection_model.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "traces/edn_reader.h"
#include "traces/edn_text.h"

namespace grove::checkers {

namespace {

// (key, element) pairs, grouped by key in ascending key order; the order within a key is the
// model's.
using Entries = std::vector<std::pair<ValueId, ValueId>>;

struct EntriesHash {
  std::size_t operator()(const Entries& entries) const {
    std::uint64_t hash = 0x9e3779b97f4a7c15ULL;
    for (const auto& [key, element] : entries) {
      hash = (hash ^ ((std::uint64_t{key} << 32) | element)) * 0x100000001b3ULL;
    }
    return hash;
  }
};

class CollectionMachine final : public Machine {
 public:
  CollectionMachine(const CollectionModel& model, ValueTable& values)
      : model_(model), values_(values) {
    states_.emplace_back();  // state 0: every collection empty
    ids_.emplace(Entries{}, 0);
  }
  State initial() override { return 0; }

  bool step(State state, const CompiledOp& op, State* next) override {
    const Entries& entries = states_[state];
    const auto by_key = [](const std::pair<ValueId, ValueId>& entry, ValueId key) {
      return entry.first < key;
    };
    const auto begin = std::lower_bound(entries.begin(), entries.end(), op.key, by_key);
    auto end = begin;
    while (end != entries.end() && end->first == op.key) ++end;
    std::vector<ValueId> elements;
    for (auto it = begin; it != end; ++it) elements.push_back(it->second);
    const std::vector<ValueId> before = elements;
    if (!model_.step_elements(values_, op, elements)) return false;
    if (elements == before) {
      *next = state;
      return true;
    }
    Entries changed(entries.begin(), begin);  // copy: `entries` may move when states_ grows
    for (const ValueId element : elements) changed.emplace_back(op.key, element);
    changed.insert(changed.end(), end, entries.end());
    const auto [it, inserted] = ids_.emplace(changed, states_.size());
    if (inserted) states_.push_back(std::move(changed));
    *next = it->second;
    return true;
  }

  std::string describe(State state) const override {
    std::string out;
    const Entries& entries = states_[state];
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const bool first_of_key = i == 0 || entries[i - 1].first != entries[i].first;
      if (first_of_key) {
        if (i > 0) out += "], ";
        if (entries[i].first != 0) out += quoted(values_.text(entries[i].first)) + "=";
        out += "[";
      } else {
        out += ", ";
      }
      out += quoted(values_.text(entries[i].second));
    }
    return entries.empty() ? "[] (empty)" : out + "]";
  }

 private:
  const CollectionModel& model_;
  ValueTable& values_;
  std::vector<Entries> states_;
  std::unordered_map<Entries, State, EntriesHash> ids_;
};

}  // namespace

std::unique_ptr<Machine> CollectionModel::machine(ValueTable& values, bool) const {
  return std::make_unique<CollectionMachine>(*this, values);
}

// Encoded as the ids' bytes: never shown, only compared by the model that made it.
ValueId CollectionModel::intern_elements(ValueTable& values,
                                         const std::vector<ValueId>& elements) {
  std::string bytes(elements.size() * sizeof(ValueId), '\0');
  if (!elements.empty()) std::memcpy(bytes.data(), elements.data(), bytes.size());
  return values.intern(bytes);
}

std::vector<ValueId> CollectionModel::elements_of(const ValueTable& values, ValueId id) {
  const std::string& bytes = values.text(id);
  std::vector<ValueId> elements(bytes.size() / sizeof(ValueId));
  if (!elements.empty()) std::memcpy(elements.data(), bytes.data(), bytes.size());
  return elements;
}

std::vector<ValueId> CollectionModel::parse_elements(ValueTable& values, const std::string& text,
                                                     std::string& error) {
  error.clear();
  if (text.empty()) return {};
  traces::EdnReader reader(text);
  const std::optional<traces::EdnValue> value = reader.next();
  using Kind = traces::EdnValue::Kind;
  if (!value || reader.next() || reader.failed() ||
      (value->kind != Kind::kSet && value->kind != Kind::kVector && value->kind != Kind::kList)) {
    error = "expected a collection #{...} or [...], not " + quoted(text);
    return {};
  }
  std::vector<ValueId> elements;
  for (const traces::EdnValue& item : value->items) {
    elements.push_back(values.intern(traces::edn_history_value(item)));
  }
  return elements;
}

}  // namespace grove::checkers
