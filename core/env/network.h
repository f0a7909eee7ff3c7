// RPC seam (protocol.md §0.2): a node serves numbered methods and calls methods of peers.
#pragma once

#include <cstdint>
#include <functional>

#include "core/env/types.h"

namespace grove::env {

enum class CallError : std::uint8_t {
  kNone = 0,
  // No reply within the timeout: the request or reply was lost, or the peer is down, slow or
  // partitioned away. The request may or may not have executed (there is no at-most-once).
  kTimeout = 1,
};

struct CallResult {
  CallError error = CallError::kNone;
  Bytes reply;  // meaningful only when error == kNone

  bool ok() const { return error == CallError::kNone; }
};

// A handler runs in its own task for every request that arrives (duplicates included), so
// handlers run concurrently and may block. Its return value is sent back as the reply.
using RpcHandler = std::function<Bytes(Bytes args)>;

class Network {
 public:
  virtual ~Network() = default;

  // Registers the handler for `method`. Registering a method twice replaces the handler.
  // Registrations vanish when the node crashes; `main` registers them again on restart.
  virtual void serve(std::uint64_t method, RpcHandler handler) = 0;

  // Sends `args` to `peer`'s `method` and blocks until the reply or the timeout (> 0).
  // A scheduling point.
  virtual CallResult call(NodeId peer, std::uint64_t method, Bytes args,
                          DurationNs timeout_ns) = 0;
};

}  // namespace grove::env
