#include "runtime/free_ports.h"

#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

namespace grove::runtime {

namespace {

constexpr std::uint32_t kLoopback = 0x7F000001;

// The first port of the kernel's ephemeral range (the source ports of outgoing connections).
std::uint16_t first_ephemeral_port() {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  unsigned low = 32768;
  unsigned high = 60999;
  if (!(range >> low >> high) || low < 2048 || low > 65535) low = 32768;
  return static_cast<std::uint16_t>(low);
}

}  // namespace

// Free loopback ports below the ephemeral range, all held until every one is chosen. Below it,
// because the kernel never hands those out as the source port of an outgoing connection: a
// port chosen here and released cannot be taken by some other program's connect() before the
// node binds it (only by another program binding that very port meanwhile, which start() then
// reports as "address in use"). Random, so concurrent clusters (parallel tests) rarely meet.
std::vector<std::uint16_t> free_ports(std::size_t count, std::string& error) {
  const std::uint16_t high = first_ephemeral_port();
  const std::uint16_t low = high > 12000 ? 10000 : 2048;
  std::uint64_t seed = 0;
  if (getrandom(&seed, sizeof seed, 0) != sizeof seed) seed = static_cast<std::uint64_t>(getpid());
  std::mt19937_64 random(seed);
  std::vector<int> sockets;
  std::vector<std::uint16_t> ports;
  for (int attempt = 0; ports.size() < count && attempt < 1000; ++attempt) {
    const auto port = static_cast<std::uint16_t>(low + random() % (high - low));
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) break;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(kLoopback);
    address.sin_port = htons(port);
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      close(fd);
      continue;
    }
    sockets.push_back(fd);
    ports.push_back(port);
  }
  for (int fd : sockets) close(fd);
  if (ports.size() < count) error = std::string("cannot find a free port: ") + std::strerror(errno);
  return ports;
}

}  // namespace grove::runtime
