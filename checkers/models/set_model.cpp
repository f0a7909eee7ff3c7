// "set": Knossos's set, one per key (Jepsen's set tests):
//   add v -> ""        v is now in the set
//   read  -> #{v ...}  the whole set, as an EDN set, vector or list ("" / nil: empty); order
//                      and repeats do not matter
#include <algorithm>

#include "checkers/collection_model.h"

namespace grove::checkers {

namespace {

enum : std::uint8_t { kAdd, kRead };

class SetModel final : public CollectionModel {
 public:
  std::string_view name() const override { return "set"; }
  std::string_view summary() const override {
    return "set per key (Knossos): add v -> \"\", read -> #{v ...} (the whole set)";
  }

  std::string compile(const traces::Operation& op, ValueTable& values,
                      CompiledOp* out) const override {
    out->key = values.intern(op.key);
    out->known = op.outcome_known();
    if (op.name == "add") {
      out->kind = kAdd;
      if (op.input.size() != 1) return "add takes one value";
      out->a = values.intern(op.input[0]);
      if (out->known) out->out = values.intern(*op.output);
      return "";
    }
    if (op.name == "read") {
      out->kind = kRead;
      out->effect_free = true;
      if (!out->known) return "";
      std::string error;
      std::vector<ValueId> elements = parse_elements(values, *op.output, error);
      if (!error.empty()) return "read output: " + error;
      std::sort(elements.begin(), elements.end());
      elements.erase(std::unique(elements.begin(), elements.end()), elements.end());
      out->out = intern_elements(values, elements);
      return "";
    }
    return "the set model has no operation '" + op.name + "' (add, read)";
  }

  // Elements are kept sorted by id, so equal sets are equal states.
  bool step_elements(const ValueTable& values, const CompiledOp& op,
                     std::vector<ValueId>& elements) const override {
    if (op.kind == kRead) return !op.known || elements == elements_of(values, op.out);
    const auto at = std::lower_bound(elements.begin(), elements.end(), op.a);
    if (at == elements.end() || *at != op.a) elements.insert(at, op.a);
    return !op.known || op.out == 0;  // an add replies nothing
  }
};

}  // namespace

const Model& set_model() {
  static const SetModel model;
  return model;
}

}  // namespace grove::checkers
