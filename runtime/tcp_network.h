// env::Network over TCP (protocol.md §0.2 semantics on a real network).
//
// Frames: a 21-byte header (u32 length of what follows the header, u8 kind, u64 call id, u64
// method; little endian) and the payload. The connecting side's first frame is a hello carrying
// its node id. A call writes a request on the connection to its peer (connecting on demand,
// again after the peer restarts) and parks until the reply with its id arrives or the timeout
// passes; a lost connection, a refused connect or a partition is just a timeout, as in the
// simulator. Every request runs its handler in a new task; the reply goes back on the
// connection the request came on. A frame longer than kMaxFrameBytes, or of an unknown kind,
// closes its connection with a one-line message on stderr.
//
// Each connection has a reader task and a writer task; the writer sends everything queued
// since its last write in one syscall, so replies produced in one loop turn share it. The
// reader waits for the next epoll edge after a short read (it took all there was) instead of
// reading until EAGAIN, so one request costs one recv.
//
// The partition layer: block(peers) drops every frame to and from those peers (by the hello's
// id), as a partition in the simulator does; a campaign driver sets it through a control method.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "core/env/network.h"
#include "runtime/event_loop.h"

namespace grove::runtime {

inline constexpr std::size_t kFrameHeaderBytes = 21;
inline constexpr std::size_t kMaxFrameBytes = 64u << 20;

class TcpNetwork final : public env::Network {
 public:
  TcpNetwork(EventLoop& loop, env::NodeId self) : loop_(loop), self_(self) {}
  ~TcpNetwork() override;

  // Binds and listens on self's address and starts accepting. Returns "" or the error
  // ("address already in use", ...).
  std::string listen();

  void serve(std::uint64_t method, env::RpcHandler handler) override;
  env::CallResult call(env::NodeId peer, std::uint64_t method, env::Bytes args,
                       env::DurationNs timeout_ns) override;

  // Frames to and from these peers are dropped from now on (replacing the earlier set).
  void block(std::set<env::NodeId> peers) { blocked_ = std::move(peers); }
  const std::set<env::NodeId>& blocked() const { return blocked_; }

  struct Counters {
    std::uint64_t calls = 0;
    std::uint64_t requests_served = 0;
    std::uint64_t frames_dropped = 0;
    std::uint64_t connections_opened = 0;
  };
  const Counters& counters() const { return counters_; }

 private:
  struct Connection;
  struct PendingCall {
    std::uint64_t task_id = 0;
    bool done = false;
    env::Bytes reply;
  };

  std::shared_ptr<Connection> connection_to(env::NodeId peer);
  std::shared_ptr<Connection> adopt(int fd, env::NodeId peer, bool outgoing);
  void reader_loop(const std::shared_ptr<Connection>& connection);
  void writer_loop(const std::shared_ptr<Connection>& connection);
  bool connect_now(Connection& connection);
  void close_connection(Connection& connection, const char* why);
  void handle_frame(const std::shared_ptr<Connection>& connection, std::uint8_t kind,
                    std::uint64_t id, std::uint64_t method, env::Bytes payload);
  void send_frame(Connection& connection, std::uint8_t kind, std::uint64_t id,
                  std::uint64_t method, std::string_view payload);
  void accept_loop();

  EventLoop& loop_;
  env::NodeId self_;
  // Cleared by the destructor: the network's tasks (accept, readers, writers, handlers) may
  // outlive it in the loop, and must then end without touching it.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  int listen_fd_ = -1;
  std::uint64_t next_call_id_ = 1;
  std::unordered_map<std::uint64_t, env::RpcHandler> handlers_;
  std::unordered_map<std::uint64_t, PendingCall*> pending_;
  std::map<env::NodeId, std::shared_ptr<Connection>> outgoing_;
  std::set<std::shared_ptr<Connection>> incoming_;
  std::set<env::NodeId> blocked_;
  Counters counters_;
};

}  // namespace grove::runtime
