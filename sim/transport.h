// Request/reply messaging between nodes on top of the network model.
//
// A call sends a request message and parks the caller until the reply arrives or its timeout
// (in virtual time) fires, whichever comes first. A request that arrives runs the method's
// handler in a new task of the destination; the handler's result travels back as a reply
// message. Each message independently gets the network model's fate (drop, duplicate, delay).
// A message vanishes if its destination is down when it arrives. One whose sender crashed since
// sending it, or whose destination restarted since, vanishes too, unless the network model
// delivers it stale (it was already on the wire): the new incarnation then runs an old request,
// or gets a reply for a call it no longer has, which is ignored like any late or duplicate reply
// (call ids are never reused). A duplicate request runs the handler again.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "core/env/network.h"
#include "sim/scheduler.h"
#include "traces/trace_event.h"

namespace grove::sim {

class World;
class Node;

class Transport {
 public:
  explicit Transport(World& world) : world_(world) {}

  env::CallResult call(Node& caller, env::NodeId peer, std::uint64_t method, env::Bytes args,
                       env::DurationNs timeout_ns);
  void on_event(EventType type, std::uint64_t target);
  std::size_t in_flight() const { return messages_.size(); }

 private:
  struct Message {
    env::NodeId from = 0;
    env::NodeId to = 0;
    std::uint64_t from_incarnation = 0;
    std::uint64_t to_incarnation = 0;
    bool is_reply = false;
    std::uint64_t method = 0;
    std::uint64_t call_id = 0;
    env::Bytes payload;
  };
  struct PendingCall {
    Task* caller = nullptr;
    bool done = false;
    env::CallResult result;
  };

  void send(Message message);
  void schedule_copy(const Message& message, std::uint64_t original_id, TimeNs at_ns,
                     std::string_view label);
  void deliver(std::uint64_t message_id);
  void drop(std::uint64_t message_id, const Message& message, std::string_view reason);
  void record(traces::TraceKind kind, const Message& message, std::uint64_t a, std::uint64_t b,
              std::string_view label);
  void run_handler(Message& request);

  World& world_;
  std::uint64_t next_message_id_ = 1;
  std::uint64_t next_call_id_ = 1;
  // Looked up by id only, never iterated.
  std::unordered_map<std::uint64_t, Message> messages_;
  std::unordered_map<std::uint64_t, PendingCall*> calls_;
};

}  // namespace grove::sim
