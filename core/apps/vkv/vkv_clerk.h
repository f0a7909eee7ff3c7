// vKV client (protocol.md §7.1, gokv vrsm/apps/vkv/clerk.go, clerkpool.go).
//
// Put and CondPut go through the exactly-once write path; Get is a lease read on any member.
// A Clerk serves one caller at a time; ClerkPool hands one exactly-once clerk to each
// concurrent caller (creating clerks on demand), so each client id has one outstanding op.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/env/env.h"
#include "core/vrsm/exactly_once_clerk.h"

namespace grove::apps::vkv {

using vrsm::ClientResult;

class Clerk {
 public:
  Clerk(env::Env& env, std::vector<env::NodeId> config_servers, const vrsm::Timing& timing,
        env::DurationNs give_up_after_ns = 0)
      : clerk_(env, std::move(config_servers), timing, give_up_after_ns) {}

  ClientResult put(std::string_view key, std::string_view value);
  ClientResult get(std::string_view key);
  // reply "ok" if the value was `expect` and is now `value`, else "".
  ClientResult cond_put(std::string_view key, std::string_view expect, std::string_view value);

  std::uint64_t cid() const { return clerk_.cid(); }

 private:
  vrsm::ExactlyOnceClerk clerk_;
};

class ClerkPool {
 public:
  ClerkPool(env::Env& env, std::vector<env::NodeId> config_servers, const vrsm::Timing& timing,
            env::DurationNs give_up_after_ns = 0);

  ClientResult put(std::string_view key, std::string_view value);
  ClientResult get(std::string_view key);
  ClientResult cond_put(std::string_view key, std::string_view expect, std::string_view value);

 private:
  std::unique_ptr<Clerk> take();
  void give_back(std::unique_ptr<Clerk> clerk);

  env::Env& env_;
  std::vector<env::NodeId> config_servers_;
  vrsm::Timing timing_;
  env::DurationNs give_up_after_ns_;
  env::Mutex mutex_;
  std::vector<std::unique_ptr<Clerk>> idle_;
};

}  // namespace grove::apps::vkv
