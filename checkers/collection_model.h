// The common shape of models whose state per key is a collection of elements (Knossos's set,
// unordered-queue and fifo-queue): the model gives the step on one key's elements; this base
// makes the Machines. A state is an interned list of (key, element id) entries grouped by key,
// so the same machine serves a partition (one key) and the whole history (every key).
//
// Unlike the value models, a step that changes a collection copies and interns it (a hash
// lookup and an allocation per step): fine for the history sizes Jepsen's set and queue tests
// produce.
#pragma once

#include <string>
#include <vector>

#include "checkers/model.h"

namespace grove::checkers {

class CollectionModel : public Model {
 public:
  bool partition_by_key() const override { return true; }
  std::unique_ptr<Machine> machine(ValueTable& values, bool whole_history) const override;

  // The step on op.key's elements, in the model's order (it keeps whatever order it inserts
  // in); false if `op`'s known output is impossible.
  virtual bool step_elements(const ValueTable& values, const CompiledOp& op,
                             std::vector<ValueId>& elements) const = 0;

  // A list of element ids as one value id (a read's observed set), and back.
  static ValueId intern_elements(ValueTable& values, const std::vector<ValueId>& elements);
  static std::vector<ValueId> elements_of(const ValueTable& values, ValueId id);

 protected:
  // Parses an observed collection: "" (nil) is empty, else an EDN set, vector or list whose
  // items are interned as the importer renders values. Sets `error` on anything else.
  static std::vector<ValueId> parse_elements(ValueTable& values, const std::string& text,
                                             std::string& error);
};

}  // namespace grove::checkers
