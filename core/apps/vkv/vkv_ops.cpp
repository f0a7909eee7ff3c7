#include "core/apps/vkv/vkv_ops.h"

#include "core/rpc/marshal.h"

namespace grove::apps::vkv {

Bytes encode_put(std::string_view key, std::string_view value) {
  rpc::Encoder out;
  out.byte(static_cast<std::uint8_t>(OpType::kPut)).bytes_with_length(key).rest(value);
  return out.take();
}

Bytes encode_get(std::string_view key) {
  rpc::Encoder out;
  out.byte(static_cast<std::uint8_t>(OpType::kGet)).rest(key);
  return out.take();
}

Bytes encode_cond_put(std::string_view key, std::string_view expect, std::string_view value) {
  rpc::Encoder out;
  out.byte(static_cast<std::uint8_t>(OpType::kCondPut))
      .bytes_with_length(key)
      .bytes_with_length(expect)
      .rest(value);
  return out.take();
}

std::optional<Op> decode_op(std::string_view bytes) {
  rpc::Decoder in(bytes);
  Op op;
  std::uint8_t type = in.byte();
  if (!in.ok()) return std::nullopt;
  switch (static_cast<OpType>(type)) {
    case OpType::kPut:
      op.type = OpType::kPut;
      op.key = std::string(in.bytes_with_length());
      op.value = std::string(in.rest());
      break;
    case OpType::kGet:
      op.type = OpType::kGet;
      op.key = std::string(in.rest());
      break;
    case OpType::kCondPut:
      op.type = OpType::kCondPut;
      op.key = std::string(in.bytes_with_length());
      op.expect = std::string(in.bytes_with_length());
      op.value = std::string(in.rest());
      break;
    default:
      return std::nullopt;
  }
  if (!in.ok()) return std::nullopt;
  return op;
}

}  // namespace grove::apps::vkv
