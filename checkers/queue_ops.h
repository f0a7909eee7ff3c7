// The operations Knossos's queues share (unordered-queue, fifo-queue), as Jepsen writes them:
//   enqueue [v] -> ""   (v is not "": nil is what an empty queue's dequeue returns)
//   dequeue []  -> v, or "" when the queue was empty
#pragma once

#include <string>
#include <string_view>

#include "checkers/model.h"

namespace grove::checkers {

enum QueueOpKind : std::uint8_t { kEnqueue, kDequeue };

// Compiles an enqueue (a = v) or dequeue (out = the dequeued value) for `model`; returns an
// error message, "" on success.
std::string compile_queue_op(std::string_view model, const traces::Operation& op,
                             ValueTable& values, CompiledOp* out);

}  // namespace grove::checkers
