#include "checkers/queue_ops.h"

namespace grove::checkers {

std::string compile_queue_op(std::string_view model, const traces::Operation& op,
                             ValueTable& values, CompiledOp* out) {
  out->key = values.intern(op.key);
  out->known = op.outcome_known();
  if (op.name == "enqueue") {
    out->kind = kEnqueue;
    if (op.input.size() != 1) return "enqueue takes one value";
    out->a = values.intern(op.input[0]);
    if (out->a == 0) return "enqueue cannot add \"\" (nil): a dequeue of it reads as empty";
  } else if (op.name == "dequeue") {
    out->kind = kDequeue;
    if (!op.input.empty()) return "dequeue takes no input";
  } else {
    return "the " + std::string(model) + " model has no operation '" + op.name +
           "' (enqueue, dequeue)";
  }
  if (out->known) out->out = values.intern(*op.output);
  return "";
}

}  // namespace grove::checkers
