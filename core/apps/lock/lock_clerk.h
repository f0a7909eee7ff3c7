// Lock service with leases over a KV with exactly-once ConditionalPut (protocol.md §7.3,
// gokv lockservice/lock_clerk.go, extended so a crashed holder cannot hold a lock forever).
//
// A lock key holds "" (free) or encode(holder, lease_expiration_ns, note) (lock_value.h).
//   lock     free: CondPut("" -> mine). Held with lo > lease: the holder's lease is over in
//            true time, so take over with a CondPut on its exact value (a concurrent renewal or
//            another taker makes it fail and we start over). Otherwise sleep and retry.
//   renew    CondPut(exactly my value -> mine with a new lease): succeeds only while nobody
//            has taken the lock over, so the holder never silently loses it.
//   unlock   CondPut(exactly my value -> ""): a delayed or retried unlock, or one issued after
//            a takeover, never frees someone else's lock.
//   holds    the holder's side of the lease: rely on the lock only while hi < lease.
// Clocks (§3.1): a holder relies on its lock at true time t only if hi(t) < L, so t < L; a
// taker takes over at t' only if lo(t') > L, so t' > L. The two never overlap in true time,
// provided the clocks keep lo <= true <= hi.
//
// Exactly-once matters (§7.3): a CondPut whose reply was lost answers "ok" on retry; without
// it a lost reply would make the holder think it failed (or a retried unlock free a later
// holder's lock). One LockClerk serves one task at a time (like the exactly-once clerk).
// Expected failures are values: kTimeout if the KV or `give_up_after_ns` gave up (the lock may
// then be held by us after all: its lease will end it), kLost if the lock was taken over.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/apps/cachekv/kv.h"
#include "core/apps/lock/lock_value.h"
#include "core/env/env.h"

namespace grove::apps::lock {

struct LockOptions {
  env::DurationNs lease_duration_ns = 1 * env::kSecond;
  // Poll period while a live holder has the lock (Go spins without a pause); a wait never
  // sleeps past the holder's lease, plus up to `retry_jitter_ns` so waiters spread out.
  env::DurationNs retry_interval_ns = 10 * env::kMillisecond;
  env::DurationNs retry_jitter_ns = 5 * env::kMillisecond;
  // 0: wait forever, like Go. Otherwise Lock gives up with kTimeout after this long.
  env::DurationNs give_up_after_ns = 0;
};

enum class LockErr : std::uint8_t { kNone, kTimeout, kLost };

std::string_view lock_err_name(LockErr err);

struct LockGrant {
  LockErr err = LockErr::kNone;
  env::TimeNs lease_expiration_ns = 0;  // rely on the lock only while clock hi < this
  // The value of an expired holder we took the lock over from (nullopt: it was free).
  std::optional<LockValue> previous;
};

class LockClerk {
 public:
  // Builds the note to install, given the previous (expired) holder's value or nullptr.
  using NoteFor = std::function<env::Bytes(const LockValue* previous)>;

  // `holder_id` must be unique among the deployment's lock clients (e.g. the cid of the
  // exactly-once clerk behind `kv`).
  LockClerk(env::Env& env, Kv& kv, std::uint64_t holder_id, LockOptions options = {});

  LockGrant lock(std::string_view key, std::string_view note = {});
  LockGrant lock_with(std::string_view key, const NoteFor& note_for);
  // Extends the lease from now and sets the note (nullopt: keep it), iff still ours.
  LockGrant renew(std::string_view key, std::optional<std::string_view> note = std::nullopt);
  LockErr unlock(std::string_view key);

  bool holds(std::string_view key) const;
  // My value of a lock I believe I hold, or nullptr.
  const LockValue* held(std::string_view key) const;
  std::uint64_t holder_id() const { return holder_id_; }
  const LockOptions& options() const { return options_; }

 private:
  env::Env& env_;
  Kv& kv_;
  std::uint64_t holder_id_;
  LockOptions options_;
  std::map<std::string, LockValue, std::less<>> held_;
};

}  // namespace grove::apps::lock
