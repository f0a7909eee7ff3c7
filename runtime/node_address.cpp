#include "runtime/node_address.h"

#include <charconv>

namespace grove::runtime {

namespace {
bool parse_decimal(std::string_view text, std::uint64_t max, std::uint64_t& out) {
  if (text.empty() || text.size() > 5) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out <= max;
}
}  // namespace

std::optional<env::NodeId> parse_node_address(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  std::uint64_t port = 0;
  if (!parse_decimal(text.substr(colon + 1), 65535, port) || port == 0) return std::nullopt;
  if (host == "localhost") host = "127.0.0.1";
  std::uint32_t ipv4 = 0;
  for (int part = 0; part < 4; ++part) {
    const std::size_t dot = host.find('.');
    if ((dot == std::string_view::npos) != (part == 3)) return std::nullopt;
    std::uint64_t octet = 0;
    if (!parse_decimal(host.substr(0, dot), 255, octet)) return std::nullopt;
    ipv4 = (ipv4 << 8) | static_cast<std::uint32_t>(octet);
    host = dot == std::string_view::npos ? std::string_view() : host.substr(dot + 1);
  }
  return (static_cast<env::NodeId>(ipv4) << 16) | port;
}

bool is_address(env::NodeId id) { return id < kFirstCallerId && (id & 0xFFFF) != 0; }
std::uint32_t address_ipv4(env::NodeId id) { return static_cast<std::uint32_t>(id >> 16); }
std::uint16_t address_port(env::NodeId id) { return static_cast<std::uint16_t>(id & 0xFFFF); }

std::string format_node_address(env::NodeId id) {
  if (!is_address(id)) return "caller-" + std::to_string(id - kFirstCallerId);
  const std::uint32_t ip = address_ipv4(id);
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." +
         std::to_string((ip >> 8) & 255) + "." + std::to_string(ip & 255) + ":" +
         std::to_string(address_port(id));
}

AddressList parse_address_list(std::string_view text) {
  AddressList list;
  while (true) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const auto id = parse_node_address(item);
    if (!id) {
      list.error = "bad address '" + std::string(item) + "' (expected A.B.C.D:PORT)";
      list.ids.clear();
      return list;
    }
    list.ids.push_back(*id);
    if (comma == std::string_view::npos) return list;
    text = text.substr(comma + 1);
  }
}

}  // namespace grove::runtime
