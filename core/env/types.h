// Basic vocabulary shared by the protocol core and every Env implementation.
#pragma once

#include <cstdint>
#include <string>

namespace grove::env {

// Identifies a node (a replica, a config server, a client process). In Go this is an address
// (IPv4 + port); in the simulator any u64 works.
using NodeId = std::uint64_t;

// Time and durations are signed nanoseconds. Times are in the node's own clock frame unless a
// name says "true".
using TimeNs = std::int64_t;
using DurationNs = std::int64_t;

inline constexpr DurationNs kMicrosecond = 1'000;
inline constexpr DurationNs kMillisecond = 1'000'000;
inline constexpr DurationNs kSecond = 1'000'000'000;

// Byte strings on the wire and on disk. std::string is used as a plain byte container: it may
// hold any bytes including NUL, and is cheap for short payloads (small-string optimisation).
using Bytes = std::string;

}  // namespace grove::env
