// What the bank keeps in its two KVs (protocol.md §7.4, plus the intent journal of the
// [UNCLEAR] there):
//
//   data KV, account key   balance:u64 LE ++ tag(rest). The tag names the write (transaction
//                          id and a counter), so no raw value is ever written twice: a delayed
//                          CondPut from a holder whose lease expired expects a raw value that
//                          is gone for good, and fails (this is the fencing the leases need).
//                          "" (never written) reads as balance 0.
//   data KV, intent key    "intent/<txid>": state byte then, for a transfer, src, dst, amount
//                          and both accounts' raw values before it. P(ending) -> C(ommitted) or
//                          A(borted), each by one CondPut: the decision is the commit point.
//                          A bare "A" is the fence a taker writes when it finds no intent, so
//                          an intent write still in flight from the expired holder fails.
//   lock KV, lock note     the chain of transaction ids whose effects the lock's holder has
//                          not yet settled: its own first, then those it inherited from
//                          expired holders (so a taker that crashes mid-repair passes the
//                          repair on).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/env/types.h"

namespace grove::apps::bank {

struct Account {
  std::uint64_t balance = 0;
  std::string tag;
};

env::Bytes encode_account(std::uint64_t balance, std::string_view tag);
std::optional<Account> decode_account(std::string_view raw);  // nullopt: malformed

enum class IntentState : char { kPending = 'P', kCommitted = 'C', kAborted = 'A' };

struct Intent {
  IntentState state = IntentState::kPending;
  bool has_body = false;  // false: the bare abort fence
  std::string src;
  std::string dst;
  std::uint64_t amount = 0;
  std::string src_before;  // raw values before the transfer
  std::string dst_before;
};

env::Bytes encode_intent(const Intent& intent);
std::optional<Intent> decode_intent(std::string_view raw);  // nullopt: "" or malformed
std::string intent_key(std::string_view txid);

env::Bytes encode_chain(const std::vector<std::string>& txids);
std::vector<std::string> decode_chain(std::string_view note);  // malformed: empty

}  // namespace grove::apps::bank
