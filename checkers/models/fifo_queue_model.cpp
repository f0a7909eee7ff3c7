// "fifo-queue": Knossos's FIFO queue, one per key (ops in checkers/queue_ops.h): a dequeue
// takes the oldest pending element, "" when there is none. A dequeue with an unknown outcome
// took the head, whatever it was (or the search leaves it out).
#include "checkers/collection_model.h"
#include "checkers/queue_ops.h"

namespace grove::checkers {

namespace {

class FifoQueueModel final : public CollectionModel {
 public:
  std::string_view name() const override { return "fifo-queue"; }
  std::string_view summary() const override {
    return "FIFO queue per key (Knossos): enqueue v -> \"\", dequeue -> the oldest v, \"\" if "
           "empty";
  }

  std::string compile(const traces::Operation& op, ValueTable& values,
                      CompiledOp* out) const override {
    return compile_queue_op(name(), op, values, out);
  }

  // Elements in arrival order, the head first.
  bool step_elements(const ValueTable&, const CompiledOp& op,
                     std::vector<ValueId>& elements) const override {
    if (op.kind == kEnqueue) {
      elements.push_back(op.a);
      return !op.known || op.out == 0;  // an enqueue replies nothing
    }
    if (elements.empty()) return !op.known || op.out == 0;
    if (op.known && op.out != elements.front()) return false;
    elements.erase(elements.begin());
    return true;
  }
};

}  // namespace

const Model& fifo_queue_model() {
  static const FifoQueueModel model;
  return model;
}

}  // namespace grove::checkers
