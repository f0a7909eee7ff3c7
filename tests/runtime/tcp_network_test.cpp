// env::Network over TCP: calls and replies, timeouts, the partition layer, reconnecting to a
// restarted peer, big payloads, and a malformed frame closing its connection.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <memory>

#include "runtime/event_loop.h"
#include "runtime/node_address.h"
#include "runtime/tcp_network.h"

namespace grove::runtime {
namespace {

constexpr std::uint64_t kEcho = 7;

// A free loopback port (released again: the test binds it right after).
env::NodeId free_address() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(0x7F000001);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return (env::NodeId{0x7F000001} << 16) | ntohs(address.sin_port);
}

struct Pair {
  EventLoop loop;
  env::NodeId server_id = free_address();
  env::NodeId client_id = free_address();
  std::unique_ptr<TcpNetwork> server = std::make_unique<TcpNetwork>(loop, server_id);
  TcpNetwork client{loop, client_id};

  Pair() {
    EXPECT_EQ(server->listen(), "");
    server->serve(kEcho, [](env::Bytes args) { return "echo:" + args; });
  }
  // Runs `body` as a task, then stops the loop.
  void run(std::function<void()> body) {
    loop.spawn("test", [this, body] {
      body();
      loop.stop();
    });
    loop.run();
    loop.unwind_all();
  }
};

TEST(TcpNetwork, ACallGetsItsReplyAndConcurrentCallsTheirOwn) {
  Pair pair;
  std::vector<env::Bytes> replies(20);
  int done = 0;
  pair.run([&] {
    for (int i = 0; i < 20; ++i) {
      pair.loop.spawn("caller", [&, i] {
        env::CallResult result = pair.client.call(pair.server_id, kEcho, std::to_string(i), env::kSecond);
        if (result.ok()) replies[i] = result.reply;
        ++done;
      });
    }
    while (done < 20) pair.loop.yield();
  });
  for (int i = 0; i < 20; ++i) EXPECT_EQ(replies[i], "echo:" + std::to_string(i));
  EXPECT_EQ(pair.client.counters().connections_opened, 1u);  // one connection carried them all
}

TEST(TcpNetwork, UnservedMethodsAndDownPeersTimeOut) {
  Pair pair;
  pair.run([&] {
    EXPECT_EQ(pair.client.call(pair.server_id, 99, "x", 50 * env::kMillisecond).error, env::CallError::kTimeout);
    const env::NodeId nobody = free_address();
    const TimeNs start = monotonic_now_ns();
    EXPECT_EQ(pair.client.call(nobody, kEcho, "x", 50 * env::kMillisecond).error, env::CallError::kTimeout);
    // As in the simulator, a refused connection is a timeout, not an early error.
    EXPECT_GE(monotonic_now_ns() - start, 50 * env::kMillisecond);
  });
}

TEST(TcpNetwork, BlockedPeersAreCutOffUntilUnblocked) {
  Pair pair;
  pair.run([&] {
    ASSERT_TRUE(pair.client.call(pair.server_id, kEcho, "a", env::kSecond).ok());
    pair.server->block({pair.client_id});  // the server drops the client's frames
    EXPECT_FALSE(pair.client.call(pair.server_id, kEcho, "b", 50 * env::kMillisecond).ok());
    pair.server->block({});
    pair.client.block({pair.server_id});  // the client sends nothing to the server
    EXPECT_FALSE(pair.client.call(pair.server_id, kEcho, "c", 50 * env::kMillisecond).ok());
    pair.client.block({});
    EXPECT_TRUE(pair.client.call(pair.server_id, kEcho, "d", env::kSecond).ok());
    EXPECT_GE(pair.server->counters().frames_dropped, 1u);
  });
}

TEST(TcpNetwork, ReconnectsToARestartedPeer) {
  Pair pair;
  pair.run([&] {
    ASSERT_TRUE(pair.client.call(pair.server_id, kEcho, "before", env::kSecond).ok());
    pair.server.reset();  // the peer goes away (its listening socket closes)
    EXPECT_FALSE(pair.client.call(pair.server_id, kEcho, "down", 100 * env::kMillisecond).ok());
    pair.server = std::make_unique<TcpNetwork>(pair.loop, pair.server_id);
    ASSERT_EQ(pair.server->listen(), "");
    pair.server->serve(kEcho, [](env::Bytes args) { return "again:" + args; });
    env::CallResult result{env::CallError::kTimeout, {}};
    for (int attempt = 0; attempt < 20 && !result.ok(); ++attempt) {
      result = pair.client.call(pair.server_id, kEcho, "after", 200 * env::kMillisecond);
    }
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.reply, "again:after");
  });
}

TEST(TcpNetwork, CarriesAFourMebibytePayload) {
  Pair pair;
  pair.run([&] {
    std::string big(4 << 20, 'x');
    for (std::size_t i = 0; i < big.size(); i += 4093) big[i] = static_cast<char>(i);
    env::CallResult result = pair.client.call(pair.server_id, kEcho, big, 5 * env::kSecond);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.reply, "echo:" + big);
  });
}

TEST(TcpNetwork, AListenAddressInUseIsAnError) {
  Pair pair;
  TcpNetwork second(pair.loop, pair.server_id);
  const std::string error = second.listen();
  EXPECT_NE(error.find("cannot listen on " + format_node_address(pair.server_id)), std::string::npos) << error;
  EXPECT_NE(error.find("in use"), std::string::npos) << error;
}

TEST(TcpNetwork, AnOversizedFrameClosesItsConnectionAndTheServerGoesOn) {
  Pair pair;
  bool closed = false;
  pair.run([&] {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(address_ipv4(pair.server_id));
    address.sin_port = htons(address_port(pair.server_id));
    connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    pair.loop.watch_fd(fd);
    pair.loop.wait_fd(fd, true, monotonic_now_ns() + env::kSecond);
    char header[kFrameHeaderBytes] = {};
    const std::uint32_t too_long = kMaxFrameBytes + 1;
    std::memcpy(header, &too_long, 4);
    header[4] = 1;  // a request
    ASSERT_EQ(send(fd, header, sizeof header, MSG_NOSIGNAL), static_cast<ssize_t>(sizeof header));
    const TimeNs deadline = monotonic_now_ns() + 2 * env::kSecond;
    char byte;
    while (monotonic_now_ns() < deadline) {
      const ssize_t n = recv(fd, &byte, 1, 0);
      if (n == 0 || (n < 0 && errno != EAGAIN)) {
        closed = true;
        break;
      }
      pair.loop.wait_fd(fd, false, deadline);
    }
    pair.loop.forget_fd(fd);
    close(fd);
    EXPECT_TRUE(pair.client.call(pair.server_id, kEcho, "still", env::kSecond).ok());
  });
  EXPECT_TRUE(closed);
}

}  // namespace
}  // namespace grove::runtime
