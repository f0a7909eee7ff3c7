#include "sim/transport.h"

#include <stdexcept>
#include <string>

#include "core/env/check.h"
#include "sim/network_model.h"
#include "sim/node.h"
#include "sim/preemption.h"
#include "sim/world.h"

namespace grove::sim {

env::CallResult Transport::call(Node& caller, env::NodeId peer, std::uint64_t method,
                                env::Bytes args, env::DurationNs timeout_ns) {
  if (peer >= world_.node_count()) {
    throw std::invalid_argument("env.network.call from '" + caller.name() + "' to unknown node " +
                                std::to_string(peer));
  }
  if (timeout_ns <= 0) {
    throw std::invalid_argument("env.network.call: timeout must be positive, got " +
                                std::to_string(timeout_ns) + " ns");
  }
  Scheduler& scheduler = world_.scheduler();
  const std::uint64_t call_id = next_call_id_++;
  PendingCall pending;
  pending.caller = scheduler.current();
  calls_.emplace(call_id, &pending);
  // Erases the pending call however the caller leaves: reply, timeout, or crash unwinding.
  struct Erase {
    std::unordered_map<std::uint64_t, PendingCall*>& calls;
    std::uint64_t id;
    ~Erase() { calls.erase(id); }
  } erase{calls_, call_id};

  Message request;
  request.from = caller.id();
  request.to = peer;
  request.from_incarnation = caller.incarnation;
  request.to_incarnation = world_.node(peer).incarnation;
  request.method = method;
  request.call_id = call_id;
  request.payload = std::move(args);
  send(std::move(request));
  scheduler.schedule(scheduler.now() + timeout_ns, EventType::kCallTimeout, call_id);
  while (!pending.done) scheduler.park();
  return std::move(pending.result);
}

void Transport::send(Message message) {
  const std::uint64_t id = next_message_id_++;
  const TimeNs now = world_.now();
  record(traces::TraceKind::kSend, message, id, message.method,
         message.is_reply ? "reply" : "request");

  NetworkModel::Fate fate = world_.network().decide(message.from, message.to, now);
  if (fate.dropped) {
    drop(id, message, world_.network().link_cut(message.from, message.to) ? "partition" : "loss");
    return;
  }
  if (fate.duplicated) schedule_copy(message, id, fate.duplicate_at_ns, "");
  // A late duplicate outlives crashes and restarts of either end: with stale delivery on, an
  // old request reaches a new incarnation hundreds of milliseconds later.
  if (fate.late_duplicated) schedule_copy(message, id, fate.late_duplicate_at_ns, "late");
  messages_.emplace(id, std::move(message));
  world_.scheduler().schedule(fate.deliver_at_ns, EventType::kMessage, id);
}

void Transport::schedule_copy(const Message& message, std::uint64_t original_id, TimeNs at_ns,
                              std::string_view label) {
  const std::uint64_t copy_id = next_message_id_++;
  record(traces::TraceKind::kDuplicate, message, copy_id, original_id, label);
  messages_.emplace(copy_id, message);
  world_.scheduler().schedule(at_ns, EventType::kMessage, copy_id);
}

void Transport::drop(std::uint64_t message_id, const Message& message, std::string_view reason) {
  record(traces::TraceKind::kDrop, message, message_id, 0, reason);
}

void Transport::record(traces::TraceKind kind, const Message& message, std::uint64_t a,
                       std::uint64_t b, std::string_view label) {
  world_.record(traces::TraceEvent{world_.now(), kind, message.from, message.to, a, b, label});
}

void Transport::on_event(EventType type, std::uint64_t target) {
  if (type == EventType::kMessage) {
    deliver(target);
    return;
  }
  GROVE_CHECK(type == EventType::kCallTimeout, "transport handles messages and call timeouts");
  auto found = calls_.find(target);
  if (found == calls_.end() || found->second->done) return;  // replied, or caller gone
  PendingCall& pending = *found->second;
  pending.done = true;
  pending.result.error = env::CallError::kTimeout;
  traces::TraceEvent event;
  event.time_ns = world_.now();
  event.kind = traces::TraceKind::kTimeout;
  event.node = pending.caller->node->id();
  event.a = target;
  world_.record(event);
  world_.scheduler().unpark(*pending.caller);
}

void Transport::deliver(std::uint64_t message_id) {
  auto found = messages_.find(message_id);
  GROVE_CHECK(found != messages_.end(), "every message event has its message");
  Message message = std::move(found->second);
  messages_.erase(found);

  const Node& sender = world_.node(message.from);
  const Node& receiver = world_.node(message.to);
  // A crash destroys the node's in-flight messages, in both directions: they usually go with
  // the connection. But a message may have been on the wire already: it then reaches the
  // receiver's new incarnation, or comes from a sender that has crashed since (stale delivery).
  const bool sender_crashed =
      sender.incarnation != message.from_incarnation || sender.state == NodeState::kCrashed;
  const bool receiver_down =
      receiver.state == NodeState::kCrashed || receiver.state == NodeState::kCreated;
  const bool receiver_restarted = receiver.incarnation != message.to_incarnation;
  const bool stale = sender_crashed || receiver_restarted;
  if (sender_crashed && (receiver_down || !world_.network().deliver_stale())) {
    drop(message_id, message, "sender crashed");
    return;
  }
  if (!sender_crashed &&
      (receiver_down || (receiver_restarted && !world_.network().deliver_stale()))) {
    drop(message_id, message, "receiver down");
    return;
  }
  if (world_.network().link_cut(message.from, message.to)) {
    drop(message_id, message, "partition");
    return;
  }
  record(traces::TraceKind::kDeliver, message, message_id, 0, stale ? "stale" : "");

  if (message.is_reply) {
    auto call = calls_.find(message.call_id);
    // A late or duplicate reply, or one for a call of an earlier incarnation (unwound by its
    // crash): nobody waits for it.
    if (call == calls_.end() || call->second->done) return;
    GROVE_CHECK(call->second->caller->node->id() == message.to, "a reply reaches its caller's node");
    PendingCall& pending = *call->second;
    pending.done = true;
    pending.result.error = env::CallError::kNone;
    pending.result.reply = std::move(message.payload);
    world_.scheduler().unpark(*pending.caller);
    return;
  }
  run_handler(message);
}

void Transport::run_handler(Message& request) {
  Node& receiver = world_.node(request.to);
  auto handler = receiver.handlers.find(request.method);
  if (handler == receiver.handlers.end()) {
    drop(0, request, "no handler");
    return;
  }
  std::shared_ptr<const env::RpcHandler> body = handler->second;
  Message reply;
  reply.from = request.to;
  reply.to = request.from;
  reply.from_incarnation = receiver.incarnation;
  reply.to_incarnation = request.from_incarnation;
  reply.is_reply = true;
  reply.method = request.method;
  reply.call_id = request.call_id;
  world_.scheduler().spawn(
      receiver, "rpc",
      [this, &receiver, body = std::move(body), args = std::move(request.payload),
       reply = std::move(reply)]() mutable {
        reply.payload = (*body)(std::move(args));
        world_.preemption().at_seam(receiver, Seam::kSend);
        send(std::move(reply));
      });
}

}  // namespace grove::sim
