#include "core/vrsm/exactly_once_clerk.h"

#include "core/vrsm/exactly_once.h"

namespace grove::vrsm {

ExactlyOnceClerk::ExactlyOnceClerk(env::Env& env, std::vector<env::NodeId> config_servers,
                                   const Timing& timing, env::DurationNs give_up_after_ns)
    : clerk_(env, std::move(config_servers), timing, give_up_after_ns) {
  for (;;) {
    ClientResult result = clerk_.apply(encode_get_fresh_cid_op());
    std::optional<std::uint64_t> cid;
    if (result.err == Err::kNone) cid = decode_fresh_cid_reply(result.reply);
    if (cid) {
      cid_ = *cid;
      return;
    }
    env.ghost.cover("exactly_once_cid_retry");
  }
}

ClientResult ExactlyOnceClerk::apply_read_write(std::string_view app_op) {
  // The same (cid, seq) on every retry, inside ClientClerk::apply: duplicates get the cached
  // reply. If the call gave up (unknown outcome) the seq is still consumed, so a later op never
  // reuses it; the abandoned op may still take effect, or be ignored as a duplicate.
  ClientResult result = clerk_.apply(encode_read_write_op(cid_, seq_, app_op));
  seq_ += 1;
  return result;
}

ClientResult ExactlyOnceClerk::apply_read_only(std::string_view app_op) {
  return clerk_.apply_ro(encode_read_only_op(app_op));
}

}  // namespace grove::vrsm
