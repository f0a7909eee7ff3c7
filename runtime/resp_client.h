// A minimal Redis client (RESP2) over the runtime's EventLoop, for load generation
// (`grovesim kv-bench --redis`): one TCP connection, one outstanding command, GET and SET only.
//
// Every method runs in a loop task and parks (never blocks the thread) while waiting for the
// server. A command that gets no complete reply by its deadline, or whose connection fails,
// returns an error and drops the connection; the next command reconnects.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/event_loop.h"

namespace grove::runtime {

struct RespReply {
  bool ok = false;    // the server answered with a non-error reply
  bool nil = false;   // GET of a missing key ($-1)
  std::string value;  // bulk string, simple string or integer text
  std::string error;  // why !ok: the server's "-ERR ..." text, "timeout", "connection ..."
};

class RespClient {
 public:
  // `address` from resolve_ipv4(); nothing is connected until the first command.
  RespClient(EventLoop& loop, const sockaddr_in& address) : loop_(loop), address_(address) {}
  ~RespClient();
  RespClient(const RespClient&) = delete;
  RespClient& operator=(const RespClient&) = delete;

  // Deadlines are monotonic ns (monotonic_now_ns()).
  RespReply get(std::string_view key, TimeNs deadline_ns);
  RespReply set(std::string_view key, std::string_view value, TimeNs deadline_ns);

  // Resolves "HOST:PORT" (numeric IPv4 or a host name, resolved once, blocking). "" or the error.
  static std::string resolve_ipv4(const std::string& host_port, sockaddr_in& out);

 private:
  RespReply command(std::string_view name, std::string_view key, const std::string_view* value,
                    TimeNs deadline_ns);
  bool connect_now(TimeNs deadline_ns, std::string& error);
  // Parses one reply at the front of in_; false if it is not complete yet.
  bool parse_reply(RespReply& reply, bool& malformed);
  void disconnect();

  EventLoop& loop_;
  sockaddr_in address_;
  int fd_ = -1;
  std::string out_;
  std::string in_;
};

}  // namespace grove::runtime
