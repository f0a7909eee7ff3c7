// vKV application ops (protocol.md §7.1), carried inside exactly-once ops:
//   0 PUT      0, key_len:u64, key, value(rest)                       reply: empty
//   1 GET      1, key(rest)                                           reply: value ("" if absent)
//   2 CONDPUT  2, key_len:u64, key, expect_len:u64, expect, value(rest)  reply: "ok" or ""
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/env/types.h"

namespace grove::apps::vkv {

using env::Bytes;

enum class OpType : std::uint8_t { kPut = 0, kGet = 1, kCondPut = 2 };

struct Op {
  OpType type = OpType::kGet;
  std::string key;
  std::string expect;  // CONDPUT only
  std::string value;   // PUT and CONDPUT
};

Bytes encode_put(std::string_view key, std::string_view value);
Bytes encode_get(std::string_view key);
Bytes encode_cond_put(std::string_view key, std::string_view expect, std::string_view value);

// nullopt for a short or unknown op.
std::optional<Op> decode_op(std::string_view op);

inline constexpr std::string_view kCondPutOk = "ok";

}  // namespace grove::apps::vkv
