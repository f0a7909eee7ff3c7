#include "core/apps/lock/lock_clerk.h"

#include <algorithm>

namespace grove::apps::lock {

std::string_view lock_err_name(LockErr err) {
  switch (err) {
    case LockErr::kNone: return "None";
    case LockErr::kTimeout: return "Timeout";
    case LockErr::kLost: return "Lost";
  }
  return "Unknown";
}

namespace {

LockGrant failure(LockErr err) {
  LockGrant grant;
  grant.err = err;
  return grant;
}

}  // namespace

LockClerk::LockClerk(env::Env& env, Kv& kv, std::uint64_t holder_id, LockOptions options)
    : env_(env), kv_(kv), holder_id_(holder_id), options_(options) {}

LockGrant LockClerk::lock(std::string_view key, std::string_view note) {
  return lock_with(key, [note](const LockValue*) { return env::Bytes(note); });
}

LockGrant LockClerk::lock_with(std::string_view key, const NoteFor& note_for) {
  const env::TimeNs started_ns = env_.clock.now().lo_ns;
  for (;;) {
    const ClientResult read = kv_.get(key);
    if (read.err != vrsm::Err::kNone) return failure(LockErr::kTimeout);
    const env::TimeRange now = env_.clock.now();
    std::optional<LockValue> previous;
    if (!read.reply.empty()) {
      // A malformed value cannot name a live holder: treat it as an expired lease.
      previous = decode_lock_value(read.reply).value_or(LockValue{});
    }
    // The taker's side of the lease: only lo past it proves the holder has stopped relying on
    // the lock (its hi has passed it too).
    const bool takeable = !previous || now.lo_ns > previous->lease_expiration_ns;
    if (takeable) {
      LockValue mine{holder_id_, now.hi_ns + options_.lease_duration_ns,
                     note_for(previous ? &*previous : nullptr)};
      const env::Bytes encoded = encode_lock_value(mine);
      bool acquired = false;
      if (!previous && env_.bugs.has(env::Bug::A4)) {
        // Planted bug A4: a blind Put, so two clients that both saw the lock free both win.
        const ClientResult written = kv_.put(key, encoded);
        if (written.err != vrsm::Err::kNone) return failure(LockErr::kTimeout);
        acquired = true;
      } else {
        const ClientResult written = kv_.cond_put(key, read.reply, encoded);
        if (written.err != vrsm::Err::kNone) return failure(LockErr::kTimeout);
        acquired = written.reply == vkv::kCondPutOk;
      }
      if (acquired) {
        if (previous) env_.ghost.cover("lock_taken_over_after_lease");
        held_[std::string(key)] = mine;
        LockGrant grant;
        grant.lease_expiration_ns = mine.lease_expiration_ns;
        grant.previous = std::move(previous);
        return grant;
      }
      env_.ghost.cover("lock_cond_put_lost_race");
      continue;  // someone else changed it first: look again at once
    }
    if (options_.give_up_after_ns > 0 && now.lo_ns - started_ns > options_.give_up_after_ns) {
      return failure(LockErr::kTimeout);
    }
    // Held by a live lease: poll (it may be unlocked early), but never sleep far past the
    // lease's end, when a takeover becomes possible.
    env::DurationNs wait_ns = std::min(options_.retry_interval_ns,
                                       previous->lease_expiration_ns - now.lo_ns + 1);
    if (options_.retry_jitter_ns > 0) {
      wait_ns += static_cast<env::DurationNs>(
          env_.random.below(static_cast<std::uint64_t>(options_.retry_jitter_ns)));
    }
    env_.clock.sleep(std::max<env::DurationNs>(wait_ns, 1));
  }
}

LockGrant LockClerk::renew(std::string_view key, std::optional<std::string_view> note) {
  const auto held = held_.find(key);
  if (held == held_.end()) return failure(LockErr::kLost);
  LockValue renewed = held->second;
  renewed.lease_expiration_ns = env_.clock.now().hi_ns + options_.lease_duration_ns;
  if (note) renewed.note = std::string(*note);
  // On the exact old value: if it was taken over (even after we stopped relying on it), the
  // renewal fails instead of overwriting the taker.
  const ClientResult written =
      kv_.cond_put(key, encode_lock_value(held->second), encode_lock_value(renewed));
  if (written.err != vrsm::Err::kNone) return failure(LockErr::kTimeout);
  if (written.reply != vkv::kCondPutOk) {
    env_.ghost.cover("lock_renew_lost");
    held_.erase(held);
    return failure(LockErr::kLost);
  }
  held->second = renewed;
  LockGrant grant;
  grant.lease_expiration_ns = renewed.lease_expiration_ns;
  return grant;
}

LockErr LockClerk::unlock(std::string_view key) {
  const auto held = held_.find(key);
  if (held == held_.end()) return LockErr::kLost;
  const env::Bytes mine = encode_lock_value(held->second);
  held_.erase(held);
  const ClientResult written = kv_.cond_put(key, mine, "");
  if (written.err != vrsm::Err::kNone) return LockErr::kTimeout;
  if (written.reply != vkv::kCondPutOk) {
    env_.ghost.cover("lock_unlock_after_takeover");
    return LockErr::kLost;
  }
  return LockErr::kNone;
}

bool LockClerk::holds(std::string_view key) const {
  const auto held = held_.find(key);
  return held != held_.end() && env_.clock.now().hi_ns < held->second.lease_expiration_ns;
}

const LockValue* LockClerk::held(std::string_view key) const {
  const auto held = held_.find(key);
  return held == held_.end() ? nullptr : &held->second;
}

}  // namespace grove::apps::lock
