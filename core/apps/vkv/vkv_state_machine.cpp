#include "core/apps/vkv/vkv_state_machine.h"

#include "core/apps/vkv/vkv_ops.h"
#include "core/rpc/hash.h"
#include "core/rpc/marshal.h"

namespace grove::apps::vkv {

std::uint64_t VkvStateMachine::version_of(const std::string& key) const {
  auto it = vnums_.find(key);
  return it == vnums_.end() ? min_vnum_ : it->second;
}

Bytes VkvStateMachine::apply_volatile(std::string_view bytes, std::uint64_t vnum) {
  std::optional<Op> op = decode_op(bytes);
  if (!op) return {};  // malformed: no effect (the exactly-once layer caches the empty reply)
  switch (op->type) {
    case OpType::kPut:
      kvs_[op->key] = op->value;
      vnums_[op->key] = vnum;
      return {};
    case OpType::kGet:
      // A Get through the write path tags the key too: conservative, no state change (§7.1).
      vnums_[op->key] = vnum;
      return kvs_.count(op->key) ? kvs_[op->key] : Bytes();
    case OpType::kCondPut: {
      auto it = kvs_.find(op->key);
      std::string_view current = it == kvs_.end() ? std::string_view() : it->second;
      if (current != op->expect) return {};  // no tag update: nothing changed
      kvs_[op->key] = op->value;
      vnums_[op->key] = vnum;
      return Bytes(kCondPutOk);
    }
  }
  return {};
}

vrsm::ReadResult VkvStateMachine::apply_readonly(std::string_view bytes) {
  std::optional<Op> op = decode_op(bytes);
  if (!op || op->type != OpType::kGet) {
    // Only Get is read-only. Stay conservative: every key's version is at most the largest tag.
    std::uint64_t version = min_vnum_;
    for (const auto& [key, vnum] : vnums_) version = std::max(version, vnum);
    return vrsm::ReadResult{version, {}, 0};
  }
  auto it = kvs_.find(op->key);
  return vrsm::ReadResult{version_of(op->key), it == kvs_.end() ? Bytes() : it->second,
                          rpc::fnv1a64(op->key)};
}

Bytes VkvStateMachine::get_state() {
  rpc::Encoder out;
  out.u64(kvs_.size());
  for (const auto& [key, value] : kvs_) out.bytes_with_length(key).bytes_with_length(value);
  return out.take();
}

bool VkvStateMachine::set_state(std::string_view snapshot, std::uint64_t next_index) {
  rpc::Decoder in(snapshot);
  std::map<std::string, std::string> kvs;
  std::uint64_t count = in.u64();
  for (std::uint64_t i = 0; i < count && in.ok(); ++i) {
    std::string key(in.bytes_with_length());
    kvs[key] = std::string(in.bytes_with_length());
  }
  if (!in.finish()) return false;
  kvs_ = std::move(kvs);
  // The snapshot has no tags: treat every key as written by its last op (§6.3). (Planted bug L5
  // lives in the exactly-once layer's tags: leaving these at 0 is believed harmless here: a new
  // primary commits its whole initial log at BecomePrimary, before any lease read can use them.)
  vnums_.clear();
  min_vnum_ = next_index;
  return true;
}

}  // namespace grove::apps::vkv
