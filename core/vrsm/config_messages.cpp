#include "core/vrsm/config_messages.h"

#include "core/rpc/marshal.h"
#include "core/vrsm/common_messages.h"

namespace grove::vrsm {

Bytes encode(const ConfigState& state) {
  rpc::Encoder out;
  out.u64(state.epoch)
      .u64(state.reserved_epoch)
      .u64(state.lease_expiration_ns)
      .u64(state.want_lease_to_expire ? 1 : 0);
  encode_config(out, state.config);
  return out.take();
}

std::optional<ConfigState> decode_config_state(std::string_view bytes) {
  rpc::Decoder in(bytes);
  ConfigState state;
  state.epoch = in.u64();
  state.reserved_epoch = in.u64();
  state.lease_expiration_ns = in.u64();
  std::uint64_t want = in.u64();
  if (want > 1) in.reject();
  state.want_lease_to_expire = want == 1;
  state.config = decode_config(in);
  if (!in.finish()) return std::nullopt;
  return state;
}

Bytes encode(const ReserveEpochReply& reply) {
  rpc::Encoder out;
  out.u64(static_cast<std::uint64_t>(reply.err));
  if (reply.err == Err::kNone) {
    out.u64(reply.reserved_epoch);
    encode_config(out, reply.config);
  }
  return out.take();
}

Bytes encode(const TryWriteConfigArgs& args) {
  rpc::Encoder out;
  out.u64(args.epoch);
  encode_config(out, args.config);
  return out.take();
}

Bytes encode(const GetLeaseReply& reply) {
  rpc::Encoder out;
  out.u64(static_cast<std::uint64_t>(reply.err)).u64(reply.lease_expiration_ns);
  return out.take();
}

Bytes encode_config_only(const Config& config) {
  rpc::Encoder out;
  encode_config(out, config);
  return out.take();
}

std::optional<ReserveEpochReply> decode_reserve_epoch_reply(std::string_view bytes) {
  rpc::Decoder in(bytes);
  ReserveEpochReply reply;
  reply.err = read_err(in);
  if (in.ok() && reply.err == Err::kNone) {
    reply.reserved_epoch = in.u64();
    reply.config = decode_config(in);
  }
  if (!in.finish()) return std::nullopt;
  return reply;
}

std::optional<TryWriteConfigArgs> decode_try_write_config_args(std::string_view bytes) {
  rpc::Decoder in(bytes);
  TryWriteConfigArgs args;
  args.epoch = in.u64();
  args.config = decode_config(in);
  if (!in.finish()) return std::nullopt;
  return args;
}

std::optional<GetLeaseReply> decode_get_lease_reply(std::string_view bytes) {
  rpc::Decoder in(bytes);
  GetLeaseReply reply;
  reply.err = read_err(in);
  reply.lease_expiration_ns = in.u64();
  if (!in.finish()) return std::nullopt;
  return reply;
}

std::optional<Config> decode_config_only(std::string_view bytes) {
  rpc::Decoder in(bytes);
  Config config = decode_config(in);
  if (!in.finish()) return std::nullopt;
  return config;
}

}  // namespace grove::vrsm
