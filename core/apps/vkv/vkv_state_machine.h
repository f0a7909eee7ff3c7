// The vKV versioned state machine (protocol.md §6.3, §7.1, gokv vrsm/apps/vkv/server.go).
//
// State: kvs (a missing key reads as ""), per-key version tags `vnums` and `min_vnum`. A write
// that changes key k as the op with log length `vnum` after it sets vnums[k] = vnum; a read
// returns vnums[k] or min_vnum, i.e. a log length at which everything it read was written, so
// the replica can wait for exactly that prefix to commit (§3.4). Snapshot = the kvs map only:
// n, n × (key_len, key, value_len, value), in sorted key order.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/vrsm/state_machine.h"

namespace grove::apps::vkv {

using env::Bytes;

class VkvStateMachine : public vrsm::VersionedStateMachine {
 public:
  Bytes apply_volatile(std::string_view op, std::uint64_t vnum) override;
  vrsm::ReadResult apply_readonly(std::string_view op) override;
  Bytes get_state() override;
  bool set_state(std::string_view snapshot, std::uint64_t next_index) override;

  // For tests.
  const std::map<std::string, std::string>& kvs() const { return kvs_; }

 private:
  std::uint64_t version_of(const std::string& key) const;

  std::map<std::string, std::string> kvs_;
  std::map<std::string, std::uint64_t> vnums_;
  std::uint64_t min_vnum_ = 0;
};

}  // namespace grove::apps::vkv
