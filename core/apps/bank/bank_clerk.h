// Bank transfers over two vKV deployments (protocol.md §7.4, gokv bank/bank.go and
// vrsm/apps/closed/mains.go): account balances in one KV, the lock service (with leases,
// core/apps/lock) over the other. The lock key of an account is the account name itself.
//
// Crash safety (the "undo" gap of §7.4): locks have leases, so a crashed holder's locks are
// taken over; a transfer journals an intent before touching balances, and whoever takes a lock
// over settles the expired holder's transactions first (bank_records.h):
//   transfer(src, dst, amount)
//     lock both accounts in sorted order (settling what expired holders left behind);
//     read both; if the lease lapsed meanwhile, abort; if src < amount, unlock: insufficient;
//     CondPut intent P (on ""); CondPut src and dst on their exact old raw values;
//     CondPut intent P -> C: the commit point; unlock both.
//   settle(txid, account), by a taker: no intent -> fence it with "A"; P -> decide A;
//     A -> if the account still holds txid's own write, or the value txid read (its write may
//     be in flight), put it back to the balance before txid with a fresh tag; any other value
//     means it was settled already (by a settler whose lock we took, or vice versa); C -> nothing.
//   Any failed step of a transfer (a CondPut that finds a changed value means a taker fenced
//   us) goes to the abort path: settle our own txid on each lock we still hold, unlock it.
// Why money is conserved: the intent decision is one CondPut, taken once; every balance write
// is a CondPut on an exact raw value, and every raw value is unique, so a write from an
// expired holder lands only before the taker's repair (which then undoes it) or never; and a
// repair itself only replaces the aborted transaction's own traces, so a settler whose lock
// was taken over mid-repair cannot undo what later holders committed.
//
// audit: lock every account (sorted), read all, check every lease still holds (hi < lease:
// then no lock was taken over during the reads), unlock all. The sum must be `total`.
//
// One BankClerk serves one task at a time. Expected failures are values (BankOutcome).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/apps/cachekv/kv.h"
#include "core/apps/lock/lock_clerk.h"
#include "core/env/env.h"

namespace grove::apps::bank {

inline constexpr std::uint64_t kTotalBalance = 1000;  // BAL_TOTAL of §7.4

struct BankOptions {
  // accounts[0] holds the whole total after init (§7.4).
  std::vector<std::string> accounts = {"acct0", "acct1", "acct2", "acct3"};
  std::uint64_t total = kTotalBalance;
  std::string init_key = "init_flag";  // in both KVs: its lock, and the done flag
  lock::LockOptions lock;
};

enum class BankOutcome : std::uint8_t {
  kDone,          // transfer committed, audit / init completed
  kSkipped,       // init: already done by someone else
  kInsufficient,  // transfer: src held less than amount (no effect)
  kAborted,       // a lock lease lapsed: no effect (a taker undoes whatever was written)
  kInvalid,       // transfer with src == dst
  kTimeout,       // a KV or lock wait gave up: outcome unknown
};

std::string_view bank_outcome_name(BankOutcome outcome);

struct AuditResult {
  BankOutcome outcome = BankOutcome::kDone;
  std::vector<std::uint64_t> balances;  // in options().accounts order
  std::uint64_t sum = 0;
};

class BankClerk {
 public:
  // `holder_id` must be unique among the clients of the lock KV (its clerk's cid).
  BankClerk(env::Env& env, Kv& data, Kv& locks, std::uint64_t holder_id, BankOptions options = {});

  // Puts the total into accounts[0] once: kDone if this call did it, kSkipped if already done.
  BankOutcome init();
  BankOutcome transfer(std::string_view src, std::string_view dst, std::uint64_t amount);
  AuditResult audit();

  const BankOptions& options() const { return options_; }
  std::uint64_t holder_id() const { return locks_.holder_id(); }

 private:
  std::string next_txid();
  std::string fresh_tag();
  // Locks `account` for `txid`, settling every transaction an expired holder left on it.
  BankOutcome acquire(const std::string& account, const std::string& txid);
  // Decides `txid` (abort if undecided) and repairs `account` if it aborted. false: timeout.
  bool settle(const std::string& txid, const std::string& account);
  // Undoes an aborted transaction's write to `account`, if it is still there (or fences it).
  bool restore(const std::string& account, const std::string& before_raw,
               const std::string& aborted_write_tag);
  // The tag of a transaction's own write: restore recognises it by this.
  static std::string write_tag(const std::string& txid, bool src);
  // Settles our own txid on every lock we still hold, and unlocks them.
  void abort_transfer(const std::string& txid, const std::vector<std::string>& accounts);
  void unlock_all(const std::vector<std::string>& accounts);

  env::Env& env_;
  Kv& data_;
  BankOptions options_;
  lock::LockClerk locks_;
  std::uint64_t next_txid_ = 1;
  std::uint64_t next_tag_ = 1;
};

}  // namespace grove::apps::bank
