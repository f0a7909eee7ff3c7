// Free loopback TCP ports for local clusters and tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace grove::runtime {

// `count` distinct loopback ports that were free a moment ago, chosen at random below the
// kernel's ephemeral range (see free_ports.cpp). Fewer than `count` on failure, with `error` set.
std::vector<std::uint16_t> free_ports(std::size_t count, std::string& error);

}  // namespace grove::runtime
