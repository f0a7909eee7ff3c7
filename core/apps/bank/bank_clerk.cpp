#include "core/apps/bank/bank_clerk.h"

#include <algorithm>
#include <map>

#include "core/apps/bank/bank_records.h"

namespace grove::apps::bank {

std::string_view bank_outcome_name(BankOutcome outcome) {
  switch (outcome) {
    case BankOutcome::kDone: return "done";
    case BankOutcome::kSkipped: return "skipped";
    case BankOutcome::kInsufficient: return "insufficient";
    case BankOutcome::kAborted: return "aborted";
    case BankOutcome::kInvalid: return "invalid";
    case BankOutcome::kTimeout: return "timeout";
  }
  return "unknown";
}

BankClerk::BankClerk(env::Env& env, Kv& data, Kv& locks, std::uint64_t holder_id,
                     BankOptions options)
    : env_(env),
      data_(data),
      options_(std::move(options)),
      locks_(env, locks, holder_id, options_.lock) {}

std::string BankClerk::next_txid() {
  return std::to_string(locks_.holder_id()) + "." + std::to_string(next_txid_++);
}

std::string BankClerk::fresh_tag() {
  return std::to_string(locks_.holder_id()) + "#" + std::to_string(next_tag_++);
}

BankOutcome BankClerk::acquire(const std::string& account, const std::string& txid) {
  std::vector<std::string> chain;
  const lock::LockGrant grant = locks_.lock_with(account, [&](const lock::LockValue* previous) {
    chain = {txid};
    if (previous) {
      // Whatever the expired holder had not settled becomes ours to settle, and stays in the
      // lock's note until we have, so our own crash passes it on to the next taker.
      for (std::string& inherited : decode_chain(previous->note)) chain.push_back(std::move(inherited));
    }
    return encode_chain(chain);
  });
  if (grant.err != lock::LockErr::kNone) return BankOutcome::kTimeout;
  if (!grant.previous) return BankOutcome::kDone;
  env_.ghost.cover("bank_lock_taken_over");
  // Oldest first. Only the oldest holder that had cleared its chain can have written; the
  // others never got past taking their locks, so settling them only fences their intents.
  for (std::size_t i = chain.size(); i-- > 1;) {
    if (!settle(chain[i], account)) return BankOutcome::kTimeout;  // the lock expires, chain intact
  }
  // Clearing the chain is what allows our own writes: on the exact value we installed.
  const lock::LockGrant cleared = locks_.renew(account, encode_chain({txid}));
  if (cleared.err == lock::LockErr::kLost) return BankOutcome::kAborted;
  if (cleared.err != lock::LockErr::kNone) return BankOutcome::kTimeout;
  return BankOutcome::kDone;
}

bool BankClerk::settle(const std::string& txid, const std::string& account) {
  const std::string key = intent_key(txid);
  for (;;) {
    const ClientResult read = data_.get(key);
    if (read.err != vrsm::Err::kNone) return false;
    const std::optional<Intent> intent = decode_intent(read.reply);
    if (!intent) {
      // No intent yet: fence it, so one still in flight from the expired holder fails and
      // that holder never writes a balance. (A malformed intent is overwritten the same way.)
      Intent fence;
      fence.state = IntentState::kAborted;
      const ClientResult fenced = data_.cond_put(key, read.reply, encode_intent(fence));
      if (fenced.err != vrsm::Err::kNone) return false;
      env_.ghost.cover("bank_intent_fenced");
      continue;
    }
    if (intent->state == IntentState::kPending) {
      Intent aborted = *intent;
      aborted.state = IntentState::kAborted;
      const ClientResult decided = data_.cond_put(key, read.reply, encode_intent(aborted));
      if (decided.err != vrsm::Err::kNone) return false;
      env_.ghost.cover("bank_intent_aborted_by_taker");
      continue;  // re-read: the holder may have committed first
    }
    if (intent->state == IntentState::kCommitted || !intent->has_body) return true;
    if (account != intent->src && account != intent->dst) return true;
    const bool is_src = account == intent->src;
    return restore(account, is_src ? intent->src_before : intent->dst_before,
                   write_tag(txid, is_src));
  }
}

std::string BankClerk::write_tag(const std::string& txid, bool src) {
  return txid + (src ? "/debit" : "/credit");
}

bool BankClerk::restore(const std::string& account, const std::string& before_raw,
                        const std::string& aborted_write_tag) {
  const std::optional<Account> before = decode_account(before_raw);
  if (!before) return true;
  for (;;) {
    const ClientResult read = data_.get(account);
    if (read.err != vrsm::Err::kNone) return false;
    // Only the aborted transaction's own traces are undone: the value it read (its write may
    // still be in flight) or the value it wrote. Anything else means someone already settled
    // it and later holders moved on; we may be a settler whose lock was taken over meanwhile,
    // so writing blindly would undo their committed work.
    const std::optional<Account> current = decode_account(read.reply);
    if (read.reply != before_raw && (!current || current->tag != aborted_write_tag)) {
      env_.ghost.cover("bank_restore_already_settled");
      return true;
    }
    // A fresh raw value even if the balance is already right: it fences the aborted write.
    const ClientResult written =
        data_.cond_put(account, read.reply, encode_account(before->balance, fresh_tag()));
    if (written.err != vrsm::Err::kNone) return false;
    if (written.reply == vkv::kCondPutOk) {
      env_.ghost.cover("bank_account_restored");
      return true;
    }
  }
}

void BankClerk::abort_transfer(const std::string& txid, const std::vector<std::string>& accounts) {
  env_.ghost.cover("bank_transfer_aborted");
  for (const std::string& account : accounts) {
    if (locks_.held(account) == nullptr) continue;
    // The renewal proves we still hold the lock (else its taker settles our txid).
    if (locks_.renew(account).err != lock::LockErr::kNone) continue;
    if (!settle(txid, account)) continue;  // leave it locked: a taker settles after the lease
    locks_.unlock(account);
  }
}

void BankClerk::unlock_all(const std::vector<std::string>& accounts) {
  for (const std::string& account : accounts) locks_.unlock(account);
}

BankOutcome BankClerk::init() {
  BankOutcome locked = BankOutcome::kAborted;
  // An abort (our lease lapsed while settling a taken-over init lock) had no effect: retry.
  while (locked == BankOutcome::kAborted) locked = acquire(options_.init_key, next_txid());
  if (locked != BankOutcome::kDone) return locked;
  const ClientResult flag = data_.get(options_.init_key);
  if (flag.err != vrsm::Err::kNone) return BankOutcome::kTimeout;
  BankOutcome outcome = BankOutcome::kSkipped;
  if (flag.reply.empty()) {
    // Every write is a CondPut on "": an earlier initializer that crashed half way may have
    // done some of them, and no transfer runs before the flag is set.
    for (std::size_t i = 0; i < options_.accounts.size(); ++i) {
      const std::uint64_t balance = i == 0 ? options_.total : 0;
      const ClientResult written = data_.cond_put(options_.accounts[i], "", encode_account(balance, "init"));
      if (written.err != vrsm::Err::kNone) return BankOutcome::kTimeout;
      if (i == 0 && written.reply == vkv::kCondPutOk) outcome = BankOutcome::kDone;
    }
    if (data_.cond_put(options_.init_key, "", "1").err != vrsm::Err::kNone) return BankOutcome::kTimeout;
  }
  locks_.unlock(options_.init_key);
  return outcome;
}

BankOutcome BankClerk::transfer(std::string_view src_view, std::string_view dst_view,
                                std::uint64_t amount) {
  const std::string src(src_view);
  const std::string dst(dst_view);
  if (src == dst) return BankOutcome::kInvalid;
  const std::string txid = next_txid();
  // Sorted acquisition: two transfers over the same pair can never wait for each other.
  std::vector<std::string> order = {src, dst};
  if (!env_.bugs.has(env::Bug::A7)) std::sort(order.begin(), order.end());
  if (env_.bugs.has(env::Bug::A6)) order = {src};
  std::vector<std::string> held;
  for (const std::string& account : order) {
    const BankOutcome locked = acquire(account, txid);
    if (locked != BankOutcome::kDone) {
      unlock_all(held);  // settled locks only: nothing of ours was written yet
      return locked;
    }
    held.push_back(account);
  }

  const ClientResult src_read = data_.get(src);
  const ClientResult dst_read = data_.get(dst);
  if (src_read.err != vrsm::Err::kNone || dst_read.err != vrsm::Err::kNone) {
    unlock_all(held);
    return BankOutcome::kTimeout;
  }
  // The reads count only if no lock was taken over before they returned (hi < lease now).
  for (const std::string& account : held) {
    if (!locks_.holds(account)) {
      abort_transfer(txid, held);
      return BankOutcome::kAborted;
    }
  }
  const std::optional<Account> src_account = decode_account(src_read.reply);
  const std::optional<Account> dst_account = decode_account(dst_read.reply);
  if (!src_account || !dst_account || src_account->balance < amount) {
    unlock_all(held);
    return BankOutcome::kInsufficient;
  }

  Intent intent;
  intent.has_body = true;
  intent.src = src;
  intent.dst = dst;
  intent.amount = amount;
  intent.src_before = src_read.reply;
  intent.dst_before = dst_read.reply;
  const std::string key = intent_key(txid);
  const env::Bytes pending = encode_intent(intent);
  // Each step: a timeout leaves the outcome unknown (our locks expire and a taker settles);
  // a CondPut that finds another value means a taker fenced us: abort.
  const auto step = [&](std::string_view step_key, std::string_view expect, std::string_view value) {
    const ClientResult result = data_.cond_put(step_key, expect, value);
    if (result.err != vrsm::Err::kNone) return BankOutcome::kTimeout;
    return result.reply == vkv::kCondPutOk ? BankOutcome::kDone : BankOutcome::kAborted;
  };
  BankOutcome outcome = step(key, "", pending);
  if (outcome == BankOutcome::kDone) {
    outcome = step(src, src_read.reply, encode_account(src_account->balance - amount, write_tag(txid, true)));
  }
  if (outcome == BankOutcome::kDone) {
    outcome = step(dst, dst_read.reply, encode_account(dst_account->balance + amount, write_tag(txid, false)));
  }
  if (outcome == BankOutcome::kDone) {
    intent.state = IntentState::kCommitted;
    outcome = step(key, pending, encode_intent(intent));  // the commit point
  }
  if (outcome == BankOutcome::kDone) {
    unlock_all(held);
  } else if (outcome == BankOutcome::kAborted) {
    abort_transfer(txid, held);
  }
  return outcome;
}

AuditResult BankClerk::audit() {
  AuditResult result;
  const std::string txid = next_txid();
  std::vector<std::string> sorted = options_.accounts;
  std::sort(sorted.begin(), sorted.end());
  std::map<std::string, std::uint64_t> balances;
  const auto read = [&](const std::string& account) {
    const ClientResult raw = data_.get(account);
    if (raw.err != vrsm::Err::kNone) return false;
    const std::optional<Account> decoded = decode_account(raw.reply);
    balances[account] = decoded ? decoded->balance : 0;
    return true;
  };
  std::vector<std::string> held;
  for (const std::string& account : sorted) {
    const BankOutcome locked = acquire(account, txid);
    if (locked != BankOutcome::kDone) {
      unlock_all(held);
      result.outcome = locked;
      return result;
    }
    held.push_back(account);
    if (env_.bugs.has(env::Bug::A5)) {
      // Planted bug A5: read and release at once, so a transfer can run between two reads.
      if (!read(account)) break;
      locks_.unlock(account);
      held.pop_back();
    }
  }
  bool complete = true;
  bool timed_out = false;
  for (const std::string& account : sorted) {
    if (!balances.contains(account) && !read(account)) timed_out = true;
  }
  // A snapshot only if no lock was taken over before the last read returned.
  for (const std::string& account : held) {
    if (!locks_.holds(account)) complete = false;
  }
  unlock_all(held);
  if (timed_out || !complete) {
    result.outcome = timed_out ? BankOutcome::kTimeout : BankOutcome::kAborted;
    return result;
  }
  for (const std::string& account : options_.accounts) {
    result.balances.push_back(balances[account]);
    result.sum += balances[account];
  }
  return result;
}

}  // namespace grove::apps::bank
