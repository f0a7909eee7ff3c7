#include "runtime/tcp_network.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/env/check.h"
#include "runtime/node_address.h"

namespace grove::runtime {

static_assert(std::endian::native == std::endian::little, "frames are written in host order");

namespace {

enum FrameKind : std::uint8_t { kHello = 0, kRequest = 1, kReply = 2 };

constexpr env::DurationNs kConnectTimeoutNs = 1 * env::kSecond;
constexpr std::size_t kReadChunkBytes = 64 * 1024;

sockaddr_in socket_address(env::NodeId id) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(address_ipv4(id));
  address.sin_port = htons(address_port(id));
  return address;
}

void set_no_delay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

struct TcpNetwork::Connection {
  int fd = -1;
  env::NodeId peer = 0;  // the target (outgoing) or the hello's id (incoming; 0 until it came)
  bool outgoing = false;
  bool closed = false;
  bool writer_idle = false;
  std::uint64_t writer_task = 0;
  std::string out;  // frames queued for the writer
};

TcpNetwork::~TcpNetwork() {
  *alive_ = false;
  if (listen_fd_ >= 0) {
    loop_.forget_fd(listen_fd_);  // wakes the accept task, which then ends
    close(listen_fd_);
  }
  for (auto& [peer, connection] : std::map(outgoing_)) close_connection(*connection, nullptr);
  for (auto& connection : std::set(incoming_)) close_connection(*connection, nullptr);
}

std::string TcpNetwork::listen() {
  if (!is_address(self_)) return "a caller id has no address to listen on";
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return std::string("socket: ") + std::strerror(errno);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address = socket_address(self_);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 1024) != 0) {
    std::string error = "cannot listen on " + format_node_address(self_) + ": " + std::strerror(errno);
    close(listen_fd_);
    listen_fd_ = -1;
    return error;
  }
  loop_.watch_fd(listen_fd_);
  loop_.spawn("tcp_accept", [this] { accept_loop(); });
  return "";
}

void TcpNetwork::accept_loop() {
  const std::shared_ptr<bool> alive = alive_;
  while (*alive && listen_fd_ >= 0 && !loop_.stopping()) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      set_no_delay(fd);
      adopt(fd, 0, false);
      continue;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      const int fd_waited = listen_fd_;
      loop_.wait_fd(fd_waited, false);
    } else if (errno != EINTR && errno != ECONNABORTED) {
      std::fprintf(stderr, "grovesim: accept on %s: %s\n", format_node_address(self_).c_str(),
                   std::strerror(errno));
      loop_.park(monotonic_now_ns() + 10 * env::kMillisecond);  // e.g. out of descriptors
    }
  }
}

std::shared_ptr<TcpNetwork::Connection> TcpNetwork::adopt(int fd, env::NodeId peer, bool outgoing) {
  auto connection = std::make_shared<Connection>();
  connection->fd = fd;
  connection->peer = peer;
  connection->outgoing = outgoing;
  loop_.watch_fd(fd);
  ++counters_.connections_opened;
  if (outgoing) {
    outgoing_[peer] = connection;
    send_frame(*connection, kHello, self_, 0, {});
  } else {
    incoming_.insert(connection);
    loop_.spawn("tcp_reader", [this, connection, alive = alive_] {
      if (*alive) reader_loop(connection);
    });
  }
  loop_.spawn("tcp_writer", [this, connection, alive = alive_] {
    if (*alive) writer_loop(connection);
  });
  return connection;
}

std::shared_ptr<TcpNetwork::Connection> TcpNetwork::connection_to(env::NodeId peer) {
  auto found = outgoing_.find(peer);
  if (found != outgoing_.end() && !found->second->closed) return found->second;
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return nullptr;
  set_no_delay(fd);
  return adopt(fd, peer, true);
}

bool TcpNetwork::connect_now(Connection& connection) {
  sockaddr_in address = socket_address(connection.peer);
  if (connect(connection.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return true;
  if (errno != EINPROGRESS) return false;
  if (!loop_.wait_fd(connection.fd, true, monotonic_now_ns() + kConnectTimeoutNs)) return false;
  if (connection.closed) return false;
  int error = 0;
  socklen_t length = sizeof error;
  getsockopt(connection.fd, SOL_SOCKET, SO_ERROR, &error, &length);
  return error == 0;
}

void TcpNetwork::close_connection(Connection& connection, const char* why) {
  if (connection.closed) return;
  connection.closed = true;
  if (why != nullptr) {
    std::fprintf(stderr, "grovesim: %s: connection with %s closed: %s\n",
                 format_node_address(self_).c_str(), format_node_address(connection.peer).c_str(), why);
  }
  loop_.forget_fd(connection.fd);  // wakes a reader or writer waiting on it
  close(connection.fd);
  if (connection.outgoing) {
    auto found = outgoing_.find(connection.peer);
    if (found != outgoing_.end() && found->second.get() == &connection) outgoing_.erase(found);
  } else {
    for (auto it = incoming_.begin(); it != incoming_.end(); ++it) {
      if (it->get() == &connection) {
        incoming_.erase(it);
        break;
      }
    }
  }
  if (connection.writer_idle) {
    if (LoopTask* writer = loop_.find(connection.writer_task)) loop_.unpark(*writer);
  }
  // Calls waiting for replies on it time out, as when a message is lost.
}

void TcpNetwork::send_frame(Connection& connection, std::uint8_t kind, std::uint64_t id,
                            std::uint64_t method, std::string_view payload) {
  if (connection.closed) return;
  char header[kFrameHeaderBytes];
  const auto length = static_cast<std::uint32_t>(payload.size());
  std::memcpy(header, &length, 4);
  header[4] = static_cast<char>(kind);
  std::memcpy(header + 5, &id, 8);
  std::memcpy(header + 13, &method, 8);
  connection.out.append(header, kFrameHeaderBytes);
  connection.out.append(payload);
  if (connection.writer_idle) {
    if (LoopTask* writer = loop_.find(connection.writer_task)) loop_.unpark(*writer);
  }
}

void TcpNetwork::writer_loop(const std::shared_ptr<Connection>& connection) {
  const std::shared_ptr<bool> alive = alive_;
  connection->writer_task = loop_.current()->id;
  if (connection->outgoing) {
    const bool connected = connect_now(*connection);
    if (!*alive) return;
    if (!connected) {
      close_connection(*connection, nullptr);  // peer down: the queued calls time out
      return;
    }
    loop_.spawn("tcp_reader", [this, connection, alive = alive_] {
      if (*alive) reader_loop(connection);
    });
  }
  std::string sending;
  while (!connection->closed) {
    if (connection->out.empty()) {
      connection->writer_idle = true;
      loop_.park();
      if (!*alive) return;
      connection->writer_idle = false;
      continue;
    }
    sending.clear();
    sending.swap(connection->out);
    std::size_t sent = 0;
    while (sent < sending.size() && !connection->closed) {
      const ssize_t n = ::send(connection->fd, sending.data() + sent, sending.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        loop_.wait_fd(connection->fd, true);
        if (!*alive) return;
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        close_connection(*connection, nullptr);  // reset by a restarting peer: reconnect later
      }
    }
  }
}

void TcpNetwork::reader_loop(const std::shared_ptr<Connection>& connection) {
  const std::shared_ptr<bool> alive = alive_;
  std::string in;
  std::size_t parsed = 0;
  bool drained = false;
  std::vector<char> chunk(kReadChunkBytes);
  while (!connection->closed) {
    if (drained) {
      // The last recv was short, so it took everything the socket held then. Whatever arrives
      // later raises a new epoll edge: wait for it instead of paying a recv that would only
      // say EAGAIN (one syscall of three per request on a connection with one call in flight).
      // No epoll_wait runs between this task's wake-up and its recv (woken tasks run in the
      // loop's next round, before it polls again), so no edge is lost.
      drained = false;
      loop_.wait_fd(connection->fd, false);
      continue;
    }
    const ssize_t n = recv(connection->fd, chunk.data(), chunk.size(), 0);
    if (n == 0) {
      close_connection(*connection, nullptr);
      return;
    }
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        loop_.wait_fd(connection->fd, false);
        if (!*alive) return;
      } else if (errno != EINTR) {
        close_connection(*connection, nullptr);
        return;
      }
      continue;
    }
    drained = static_cast<std::size_t>(n) < chunk.size();
    in.append(chunk.data(), static_cast<std::size_t>(n));
    while (in.size() - parsed >= kFrameHeaderBytes && !connection->closed) {
      std::uint32_t length = 0;
      std::memcpy(&length, in.data() + parsed, 4);
      const auto kind = static_cast<std::uint8_t>(in[parsed + 4]);
      if (length > kMaxFrameBytes || kind > kReply) {
        close_connection(*connection, length > kMaxFrameBytes ? "frame larger than 64 MiB"
                                                              : "malformed frame (unknown kind)");
        return;
      }
      if (in.size() - parsed < kFrameHeaderBytes + length) break;
      std::uint64_t id = 0;
      std::uint64_t method = 0;
      std::memcpy(&id, in.data() + parsed + 5, 8);
      std::memcpy(&method, in.data() + parsed + 13, 8);
      env::Bytes payload(in.data() + parsed + kFrameHeaderBytes, length);
      parsed += kFrameHeaderBytes + length;
      handle_frame(connection, kind, id, method, std::move(payload));
    }
    if (parsed == in.size()) {
      in.clear();
      parsed = 0;
    } else if (parsed > in.size() / 2) {
      in.erase(0, parsed);
      parsed = 0;
    }
  }
}

void TcpNetwork::handle_frame(const std::shared_ptr<Connection>& connection, std::uint8_t kind,
                              std::uint64_t id, std::uint64_t method, env::Bytes payload) {
  if (kind == kHello) {
    if (!connection->outgoing) connection->peer = id;
    return;
  }
  if (blocked_.count(connection->peer) != 0) {
    ++counters_.frames_dropped;
    return;
  }
  if (kind == kReply) {
    auto found = pending_.find(id);
    if (found == pending_.end()) return;  // its call timed out already
    PendingCall& call = *found->second;
    call.done = true;
    call.reply = std::move(payload);
    if (LoopTask* task = loop_.find(call.task_id)) loop_.unpark(*task);
    return;
  }
  auto handler = handlers_.find(method);
  if (handler == handlers_.end()) return;  // like a lost message: the caller times out
  ++counters_.requests_served;
  loop_.spawn("rpc_handler", [this, alive = alive_, connection, id, run = handler->second,
                              args = std::move(payload)]() mutable {
    env::Bytes reply = run(std::move(args));
    if (*alive && !connection->closed && blocked_.count(connection->peer) == 0) {
      send_frame(*connection, kReply, id, 0, reply);
    }
  });
}

void TcpNetwork::serve(std::uint64_t method, env::RpcHandler handler) {
  handlers_[method] = std::move(handler);
}

env::CallResult TcpNetwork::call(env::NodeId peer, std::uint64_t method, env::Bytes args,
                                 env::DurationNs timeout_ns) {
  GROVE_CHECK(timeout_ns > 0, "a call has a positive timeout");
  LoopTask* self = loop_.current();
  GROVE_CHECK(self != nullptr, "network.call from a task");
  ++counters_.calls;
  const TimeNs deadline = monotonic_now_ns() + timeout_ns;
  PendingCall pending;
  pending.task_id = self->id;
  const std::uint64_t id = next_call_id_++;
  std::shared_ptr<Connection> connection;
  if (is_address(peer) && blocked_.count(peer) == 0) connection = connection_to(peer);
  if (connection) {
    pending_[id] = &pending;
    send_frame(*connection, kRequest, id, method, args);
  }
  struct Forget {
    TcpNetwork& network;
    std::uint64_t id;
    ~Forget() { network.pending_.erase(id); }
  } forget{*this, id};
  while (!pending.done) {
    if (loop_.park(deadline)) break;
  }
  if (!pending.done) return env::CallResult{env::CallError::kTimeout, {}};
  return env::CallResult{env::CallError::kNone, std::move(pending.reply)};
}

}  // namespace grove::runtime
