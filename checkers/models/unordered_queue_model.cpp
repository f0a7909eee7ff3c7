// "unordered-queue": Knossos's unordered queue, one per key: a multiset of pending elements
// (ops in checkers/queue_ops.h); a dequeue takes any pending element, "" when there is none.
// A dequeue with an unknown outcome removed an element nobody saw, which one the model cannot
// tell; like Knossos, it never takes effect (the search leaves it out). So after an :info
// dequeue, a later dequeue that found the queue empty may be a false alarm.
#include <algorithm>

#include "checkers/collection_model.h"
#include "checkers/queue_ops.h"

namespace grove::checkers {

namespace {

class UnorderedQueueModel final : public CollectionModel {
 public:
  std::string_view name() const override { return "unordered-queue"; }
  std::string_view summary() const override {
    return "multiset per key (Knossos): enqueue v -> \"\", dequeue -> any pending v, \"\" if "
           "empty";
  }

  std::string compile(const traces::Operation& op, ValueTable& values,
                      CompiledOp* out) const override {
    return compile_queue_op(name(), op, values, out);
  }

  // Elements are kept sorted by id, so equal multisets are equal states.
  bool step_elements(const ValueTable&, const CompiledOp& op,
                     std::vector<ValueId>& elements) const override {
    if (op.kind == kEnqueue) {
      elements.insert(std::upper_bound(elements.begin(), elements.end(), op.a), op.a);
      return !op.known || op.out == 0;  // an enqueue replies nothing
    }
    if (!op.known) return false;
    if (op.out == 0) return elements.empty();
    const auto at = std::lower_bound(elements.begin(), elements.end(), op.out);
    if (at == elements.end() || *at != op.out) return false;
    elements.erase(at);
    return true;
  }
};

}  // namespace

const Model& unordered_queue_model() {
  static const UnorderedQueueModel model;
  return model;
}

}  // namespace grove::checkers
