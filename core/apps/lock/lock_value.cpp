#include "core/apps/lock/lock_value.h"

#include "core/rpc/marshal.h"

namespace grove::apps::lock {

env::Bytes encode_lock_value(const LockValue& value) {
  rpc::Encoder encoder;
  encoder.u64(value.holder);
  encoder.u64(static_cast<std::uint64_t>(value.lease_expiration_ns < 0 ? 0 : value.lease_expiration_ns));
  encoder.rest(value.note);
  return encoder.take();
}

std::optional<LockValue> decode_lock_value(std::string_view raw) {
  if (raw.empty()) return std::nullopt;
  rpc::Decoder decoder(raw);
  LockValue value;
  value.holder = decoder.u64();
  value.lease_expiration_ns = static_cast<env::TimeNs>(decoder.u64());
  value.note = std::string(decoder.rest());
  if (!decoder.ok()) return std::nullopt;
  return value;
}

}  // namespace grove::apps::lock
