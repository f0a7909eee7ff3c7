#include "core/apps/vkv/vkv_clerk.h"

#include "core/apps/vkv/vkv_ops.h"

namespace grove::apps::vkv {

ClientResult Clerk::put(std::string_view key, std::string_view value) {
  return clerk_.apply_read_write(encode_put(key, value));
}

ClientResult Clerk::get(std::string_view key) { return clerk_.apply_read_only(encode_get(key)); }

ClientResult Clerk::cond_put(std::string_view key, std::string_view expect,
                             std::string_view value) {
  return clerk_.apply_read_write(encode_cond_put(key, expect, value));
}

ClerkPool::ClerkPool(env::Env& env, std::vector<env::NodeId> config_servers,
                     const vrsm::Timing& timing, env::DurationNs give_up_after_ns)
    : env_(env),
      config_servers_(std::move(config_servers)),
      timing_(timing),
      give_up_after_ns_(give_up_after_ns),
      mutex_(env.tasks) {}

std::unique_ptr<Clerk> ClerkPool::take() {
  {
    env::Lock lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Clerk> clerk = std::move(idle_.back());
      idle_.pop_back();
      return clerk;
    }
  }
  // Created without the lock: construction blocks on the network (GETFRESHCID).
  return std::make_unique<Clerk>(env_, config_servers_, timing_, give_up_after_ns_);
}

void ClerkPool::give_back(std::unique_ptr<Clerk> clerk) {
  env::Lock lock(mutex_);
  idle_.push_back(std::move(clerk));
}

ClientResult ClerkPool::put(std::string_view key, std::string_view value) {
  std::unique_ptr<Clerk> clerk = take();
  ClientResult result = clerk->put(key, value);
  give_back(std::move(clerk));
  return result;
}

ClientResult ClerkPool::get(std::string_view key) {
  std::unique_ptr<Clerk> clerk = take();
  ClientResult result = clerk->get(key);
  give_back(std::move(clerk));
  return result;
}

ClientResult ClerkPool::cond_put(std::string_view key, std::string_view expect,
                                 std::string_view value) {
  std::unique_ptr<Clerk> clerk = take();
  ClientResult result = clerk->cond_put(key, expect, value);
  give_back(std::move(clerk));
  return result;
}

}  // namespace grove::apps::vkv
