#include "core/apps/cachekv/cache_value.h"

#include "core/rpc/marshal.h"

namespace grove::apps::cachekv {

env::Bytes encode_cache_value(std::string_view value, env::TimeNs lease_expiration_ns) {
  rpc::Encoder encoder;
  encoder.u64(static_cast<std::uint64_t>(lease_expiration_ns < 0 ? 0 : lease_expiration_ns));
  encoder.rest(value);
  return encoder.take();
}

std::optional<CacheValue> decode_cache_value(std::string_view raw) {
  if (raw.empty()) return CacheValue{};
  rpc::Decoder decoder(raw);
  const std::uint64_t lease = decoder.u64();
  const std::string_view value = decoder.rest();
  if (!decoder.ok()) return std::nullopt;
  return CacheValue{std::string(value), static_cast<env::TimeNs>(lease)};
}

}  // namespace grove::apps::cachekv
