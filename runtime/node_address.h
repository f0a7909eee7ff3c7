// A node's id on a real network is its address, as in the Go original (grove_ffi): the IPv4
// address in bits 16..47 and the TCP port in bits 0..15. Processes that only call (clients, the
// admin, campaign drivers) get ids above 2^48, which no address can take.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/env/types.h"

namespace grove::runtime {

inline constexpr env::NodeId kFirstCallerId = env::NodeId{1} << 48;

// "A.B.C.D:PORT" (or "localhost:PORT") with a port from 1 to 65535; nullopt otherwise.
std::optional<env::NodeId> parse_node_address(std::string_view text);
// "A.B.C.D:PORT" for an address id, "caller-N" for a caller id.
std::string format_node_address(env::NodeId id);
bool is_address(env::NodeId id);
std::uint32_t address_ipv4(env::NodeId id);  // host byte order
std::uint16_t address_port(env::NodeId id);

// A comma-separated list of addresses; on a bad item, the error names it.
struct AddressList {
  std::vector<env::NodeId> ids;
  std::string error;
};
AddressList parse_address_list(std::string_view text);

}  // namespace grove::runtime
