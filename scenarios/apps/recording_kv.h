// A Kv that records every call an app client makes into its vKV cluster's history
// (Cluster::history(), the OpRecords of scenarios/cluster.h), so the KV operations underneath
// an application are checked for linearizability like a vKV run's (scenarios/vkv_history.h).
//
// Times are true times (world.now()), never the caller's clock. The record is added before the
// call, so a call whose client crashes mid-way, or that gives up (kTimeout), keeps an unknown
// outcome: it may still take effect.
//
// Sessions: over one exactly-once clerk (VkvClerkKv) every call of this Kv is one session (one
// client id, increasing sequence numbers), which lets a later completed write fence an
// abandoned one. Over a clerk pool (VkvPoolKv) calls go through different clerks, so each call
// is its own session and fences nothing (`one_session` false).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/apps/cachekv/kv.h"
#include "scenarios/cluster.h"

namespace grove::scenarios::apps {

class RecordingKv final : public grove::apps::Kv {
 public:
  RecordingKv(Cluster& cluster, grove::apps::Kv& inner, std::size_t client, bool one_session)
      : cluster_(cluster),
        inner_(inner),
        client_(client),
        one_session_(one_session),
        session_(cluster.begin_session()) {}

  vrsm::ClientResult put(std::string_view key, std::string_view value) override {
    OpRecord record;
    record.kind = OpKind::kPut;
    record.key = key;
    record.value = value;
    const std::size_t slot = invoke(std::move(record));
    return complete(slot, inner_.put(key, value));
  }
  vrsm::ClientResult get(std::string_view key) override {
    OpRecord record;
    record.kind = OpKind::kGet;
    record.key = key;
    const std::size_t slot = invoke(std::move(record));
    return complete(slot, inner_.get(key));
  }
  vrsm::ClientResult cond_put(std::string_view key, std::string_view expect,
                              std::string_view value) override {
    OpRecord record;
    record.kind = OpKind::kCondPut;
    record.key = key;
    record.expect = expect;
    record.value = value;
    const std::size_t slot = invoke(std::move(record));
    return complete(slot, inner_.cond_put(key, expect, value));
  }

 private:
  std::size_t invoke(OpRecord record) {
    record.client = client_;
    record.session = one_session_ ? session_ : cluster_.begin_session();
    record.invoke_ns = cluster_.world().now();
    cluster_.mutable_history().push_back(std::move(record));
    return cluster_.history().size() - 1;
  }
  vrsm::ClientResult complete(std::size_t slot, vrsm::ClientResult result) {
    if (result.err != vrsm::Err::kNone) return result;  // unknown outcome
    OpRecord& done = cluster_.mutable_history()[slot];
    done.output = result.reply;
    done.return_ns = cluster_.world().now();
    return result;
  }

  Cluster& cluster_;
  grove::apps::Kv& inner_;
  std::size_t client_;
  bool one_session_;
  std::uint64_t session_;
};

}  // namespace grove::scenarios::apps
