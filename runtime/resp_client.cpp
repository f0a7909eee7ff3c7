#include "runtime/resp_client.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace grove::runtime {

namespace {

void append_bulk(std::string& out, std::string_view text) {
  out += '$';
  out += std::to_string(text.size());
  out += "\r\n";
  out.append(text);
  out += "\r\n";
}

}  // namespace

RespClient::~RespClient() { disconnect(); }

std::string RespClient::resolve_ipv4(const std::string& host_port, sockaddr_in& out) {
  const std::size_t colon = host_port.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == host_port.size()) {
    return "expected HOST:PORT, got '" + host_port + "'";
  }
  const std::string host = host_port.substr(0, colon);
  const std::string port_text = host_port.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
    return "bad port in '" + host_port + "'";
  }
  out = sockaddr_in{};
  out.sin_family = AF_INET;
  out.sin_port = htons(static_cast<std::uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &out.sin_addr) == 1) return "";
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) {
    return "cannot resolve host '" + host + "'";
  }
  out.sin_addr = reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr;
  freeaddrinfo(found);
  return "";
}

void RespClient::disconnect() {
  if (fd_ < 0) return;
  loop_.forget_fd(fd_);
  close(fd_);
  fd_ = -1;
  in_.clear();
}

bool RespClient::connect_now(TimeNs deadline_ns, std::string& error) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  loop_.watch_fd(fd_);
  if (connect(fd_, reinterpret_cast<const sockaddr*>(&address_), sizeof address_) != 0) {
    if (errno != EINPROGRESS) {
      error = std::string("connection refused or failed: ") + std::strerror(errno);
      disconnect();
      return false;
    }
    if (!loop_.wait_fd(fd_, true, deadline_ns)) {
      error = "timeout (connecting)";
      disconnect();
      return false;
    }
    int failure = 0;
    socklen_t length = sizeof failure;
    getsockopt(fd_, SOL_SOCKET, SO_ERROR, &failure, &length);
    if (failure != 0) {
      error = std::string("connection failed: ") + std::strerror(failure);
      disconnect();
      return false;
    }
  }
  return true;
}

RespReply RespClient::get(std::string_view key, TimeNs deadline_ns) {
  return command("GET", key, nullptr, deadline_ns);
}

RespReply RespClient::set(std::string_view key, std::string_view value, TimeNs deadline_ns) {
  return command("SET", key, &value, deadline_ns);
}

RespReply RespClient::command(std::string_view name, std::string_view key,
                              const std::string_view* value, TimeNs deadline_ns) {
  RespReply reply;
  if (fd_ < 0 && !connect_now(deadline_ns, reply.error)) return reply;
  out_.clear();
  out_ += value != nullptr ? "*3\r\n" : "*2\r\n";
  append_bulk(out_, name);
  append_bulk(out_, key);
  if (value != nullptr) append_bulk(out_, *value);
  std::size_t sent = 0;
  while (sent < out_.size()) {
    const ssize_t n = ::send(fd_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!loop_.wait_fd(fd_, true, deadline_ns)) {
        reply.error = "timeout (sending)";
        disconnect();
        return reply;
      }
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      reply.error = std::string("connection lost: ") + std::strerror(errno);
      disconnect();
      return reply;
    }
  }
  // One outstanding command and every earlier reply consumed: nothing can be readable before
  // this request's reply, and epoll (edge-triggered) reports its arrival to the waiter below,
  // so the first wait needs no speculative recv.
  char chunk[16 * 1024];
  bool first = true;
  for (;;) {
    if (!first || in_.empty()) {
      if (!loop_.wait_fd(fd_, false, deadline_ns)) {
        reply.error = "timeout";
        disconnect();
        return reply;
      }
    }
    first = false;
    for (;;) {
      const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
      if (n > 0) {
        in_.append(chunk, static_cast<std::size_t>(n));
        if (static_cast<std::size_t>(n) < sizeof chunk) break;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      reply.error = n == 0 ? "connection closed by the server" : std::string("connection lost: ") + std::strerror(errno);
      disconnect();
      return reply;
    }
    bool malformed = false;
    if (parse_reply(reply, malformed)) return reply;
    if (malformed) {
      reply.ok = false;
      reply.error = "malformed reply";
      disconnect();
      return reply;
    }
  }
}

bool RespClient::parse_reply(RespReply& reply, bool& malformed) {
  const std::size_t line_end = in_.find("\r\n");
  if (line_end == std::string::npos) return false;
  if (line_end == 0) {
    malformed = true;
    return false;
  }
  const char type = in_[0];
  const std::string_view line(in_.data() + 1, line_end - 1);
  std::size_t consumed = line_end + 2;
  switch (type) {
    case '+':
    case ':':
      reply.ok = true;
      reply.value.assign(line);
      break;
    case '-':
      reply.ok = false;
      reply.error.assign(line);
      break;
    case '$': {
      long long length = 0;
      const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), length);
      if (ec != std::errc() || end != line.data() + line.size() || length < -1) {
        malformed = true;
        return false;
      }
      reply.ok = true;
      if (length == -1) {
        reply.nil = true;
        break;
      }
      if (in_.size() < consumed + static_cast<std::size_t>(length) + 2) return false;
      reply.value.assign(in_, consumed, static_cast<std::size_t>(length));
      consumed += static_cast<std::size_t>(length) + 2;
      break;
    }
    default:
      malformed = true;  // arrays and RESP3 types: never sent for GET/SET
      return false;
  }
  in_.erase(0, consumed);
  return true;
}

}  // namespace grove::runtime
