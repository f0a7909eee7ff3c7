#include "core/vrsm/replica_messages.h"

#include "core/rpc/marshal.h"

namespace grove::vrsm {

Bytes encode(const ApplyAsBackupArgs& args) {
  rpc::Encoder out;
  out.u64(args.epoch).u64(args.index).rest(args.op);
  return out.take();
}

Bytes encode(const SetStateArgs& args) {
  rpc::Encoder out;
  out.u64(args.epoch).u64(args.next_index).u64(args.committed_next_index).rest(args.state);
  return out.take();
}

Bytes encode(const GetStateReply& reply) {
  rpc::Encoder out;
  out.u64(static_cast<std::uint64_t>(reply.err))
      .u64(reply.next_index)
      .u64(reply.committed_next_index)
      .rest(reply.state);
  return out.take();
}

Bytes encode(const BecomePrimaryArgs& args) {
  rpc::Encoder out;
  out.u64(args.epoch);
  encode_config(out, args.replicas);
  return out.take();
}

Bytes encode(const ApplyReply& reply) {
  rpc::Encoder out;
  out.u64(static_cast<std::uint64_t>(reply.err)).rest(reply.reply);
  return out.take();
}

std::optional<ApplyAsBackupArgs> decode_apply_as_backup_args(std::string_view bytes) {
  rpc::Decoder in(bytes);
  ApplyAsBackupArgs args;
  args.epoch = in.u64();
  args.index = in.u64();
  args.op = Bytes(in.rest());
  if (!in.ok()) return std::nullopt;
  return args;
}

std::optional<SetStateArgs> decode_set_state_args(std::string_view bytes) {
  rpc::Decoder in(bytes);
  SetStateArgs args;
  args.epoch = in.u64();
  args.next_index = in.u64();
  args.committed_next_index = in.u64();
  args.state = Bytes(in.rest());
  if (!in.ok()) return std::nullopt;
  return args;
}

std::optional<GetStateReply> decode_get_state_reply(std::string_view bytes) {
  rpc::Decoder in(bytes);
  GetStateReply reply;
  reply.err = read_err(in);
  reply.next_index = in.u64();
  reply.committed_next_index = in.u64();
  reply.state = Bytes(in.rest());
  if (!in.ok()) return std::nullopt;
  return reply;
}

std::optional<BecomePrimaryArgs> decode_become_primary_args(std::string_view bytes) {
  rpc::Decoder in(bytes);
  BecomePrimaryArgs args;
  args.epoch = in.u64();
  args.replicas = decode_config(in);
  if (!in.finish()) return std::nullopt;
  return args;
}

std::optional<ApplyReply> decode_apply_reply(std::string_view bytes) {
  rpc::Decoder in(bytes);
  ApplyReply reply;
  reply.err = read_err(in);
  reply.reply = Bytes(in.rest());
  if (!in.ok()) return std::nullopt;
  return reply;
}

}  // namespace grove::vrsm
