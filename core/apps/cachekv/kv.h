// The generic KV interface the applications run over (gokv kv/interface.go, protocol.md §7.1):
// Put, Get and ConditionalPut on a linearizable store. cachekv, the lock service and the bank
// are written against it, so they run over a vKV clerk, a clerk pool, or a test double alike.
//
// Contract: every call is linearizable; a ConditionalPut is exactly-once (a retried request
// whose first reply was lost still answers "ok"), which the lock service relies on
// (protocol.md §7.3). A call fails only with kTimeout, when the underlying clerk was told to
// give up: the outcome is then unknown and the write may still take effect later.
#pragma once

#include <string_view>

#include "core/apps/vkv/vkv_clerk.h"
#include "core/apps/vkv/vkv_ops.h"
#include "core/vrsm/client_clerk.h"

namespace grove::apps {

using vrsm::ClientResult;

class Kv {
 public:
  virtual ~Kv() = default;
  virtual ClientResult put(std::string_view key, std::string_view value) = 0;
  virtual ClientResult get(std::string_view key) = 0;
  // reply "ok" if the value was `expect` and is now `value`, else "" (no change).
  virtual ClientResult cond_put(std::string_view key, std::string_view expect,
                                std::string_view value) = 0;
};

inline bool cond_put_ok(const ClientResult& result) {
  return result.err == vrsm::Err::kNone && result.reply == vkv::kCondPutOk;
}

// A vKV deployment through one exactly-once clerk: one caller at a time.
class VkvClerkKv final : public Kv {
 public:
  VkvClerkKv(env::Env& env, std::vector<env::NodeId> config_servers, const vrsm::Timing& timing,
             env::DurationNs give_up_after_ns = 0)
      : clerk_(env, std::move(config_servers), timing, give_up_after_ns) {}
  ClientResult put(std::string_view key, std::string_view value) override {
    return clerk_.put(key, value);
  }
  ClientResult get(std::string_view key) override { return clerk_.get(key); }
  ClientResult cond_put(std::string_view key, std::string_view expect,
                        std::string_view value) override {
    return clerk_.cond_put(key, expect, value);
  }
  std::uint64_t cid() const { return clerk_.cid(); }

 private:
  vkv::Clerk clerk_;
};

// A vKV deployment through a clerk pool: any number of concurrent callers (gokv ClerkPool).
class VkvPoolKv final : public Kv {
 public:
  VkvPoolKv(env::Env& env, std::vector<env::NodeId> config_servers, const vrsm::Timing& timing,
            env::DurationNs give_up_after_ns = 0)
      : pool_(env, std::move(config_servers), timing, give_up_after_ns) {}
  ClientResult put(std::string_view key, std::string_view value) override {
    return pool_.put(key, value);
  }
  ClientResult get(std::string_view key) override { return pool_.get(key); }
  ClientResult cond_put(std::string_view key, std::string_view expect,
                        std::string_view value) override {
    return pool_.cond_put(key, expect, value);
  }

 private:
  vkv::ClerkPool pool_;
};

}  // namespace grove::apps
