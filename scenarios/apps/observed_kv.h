// A Kv that reports every call to an observer after it returns (what, key, arguments, reply),
// from the calling task. For tests and debugging: e.g. crash a client right after it wrote a
// transfer's intent, or print the data KV's traffic of a failing seed.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "core/apps/cachekv/kv.h"

namespace grove::scenarios::apps {

struct KvCall {
  std::size_t client = 0;
  std::string_view method;  // "put", "get", "cond_put"
  std::string_view key;
  std::string_view expect;  // cond_put
  std::string_view value;   // put, cond_put
  const vrsm::ClientResult* result = nullptr;
  env::TimeNs started_lo_ns = 0;  // the caller's clock (lo) when the call started
};

using KvObserver = std::function<void(const KvCall&)>;

class ObservedKv final : public grove::apps::Kv {
 public:
  ObservedKv(env::Env& env, grove::apps::Kv& inner, std::size_t client, KvObserver observer)
      : env_(env), inner_(inner), client_(client), observer_(std::move(observer)) {}

  vrsm::ClientResult put(std::string_view key, std::string_view value) override {
    const env::TimeNs started_ns = env_.clock.now().lo_ns;
    vrsm::ClientResult result = inner_.put(key, value);
    if (observer_) observer_({client_, "put", key, {}, value, &result, started_ns});
    return result;
  }
  vrsm::ClientResult get(std::string_view key) override {
    const env::TimeNs started_ns = env_.clock.now().lo_ns;
    vrsm::ClientResult result = inner_.get(key);
    if (observer_) observer_({client_, "get", key, {}, {}, &result, started_ns});
    return result;
  }
  vrsm::ClientResult cond_put(std::string_view key, std::string_view expect,
                              std::string_view value) override {
    const env::TimeNs started_ns = env_.clock.now().lo_ns;
    vrsm::ClientResult result = inner_.cond_put(key, expect, value);
    if (observer_) observer_({client_, "cond_put", key, expect, value, &result, started_ns});
    return result;
  }

 private:
  env::Env& env_;
  grove::apps::Kv& inner_;
  std::size_t client_;
  KvObserver observer_;
};

}  // namespace grove::scenarios::apps
