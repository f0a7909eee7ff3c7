// "lock": one lock per key whose value is its holder ("" when free), as the lock service
// (protocol.md §7.3, with leases) records it:
//   acquire [holder]            -> ok      the lock was free and is now the holder's (an
//                                          acquire with an unknown outcome may have been a
//                                          takeover: it then applies from any state)
//   takeover [holder, previous] -> ok      the lock was `previous`'s (its lease had expired)
//   renew [holder]              -> ok|lost ok iff the holder still has it (no change)
//   release [holder]            -> ok|lost ok iff the holder still had it; it is now free
// Time is not modelled: that a takeover waited for the lease is the lock checker's business
// (checkers/apps/lock_checker.h); this model catches two grants from a free lock (A4), an
// unlock that freed someone else's lock, or a takeover from someone who did not hold it.
#include "checkers/value_model.h"

namespace grove::checkers {

namespace {

enum : std::uint8_t { kAcquire, kTakeover, kRenew, kRelease };

class LockModel final : public ValueModel {
 public:
  std::string_view name() const override { return "lock"; }
  std::string_view summary() const override {
    return "lock per key: acquire [h], takeover [h prev], renew [h], release [h] -> ok|lost";
  }

  std::string compile(const traces::Operation& op, ValueTable& values,
                      CompiledOp* out) const override {
    out->key = values.intern(op.key);
    out->known = op.outcome_known();
    if (op_name_is(op.name, {"acquire", "lock"})) {
      out->kind = kAcquire;
    } else if (op.name == "takeover") {
      out->kind = kTakeover;
    } else if (op.name == "renew") {
      out->kind = kRenew;
    } else if (op_name_is(op.name, {"release", "unlock"})) {
      out->kind = kRelease;
    } else {
      return "the lock model has no operation '" + op.name + "' (acquire, takeover, renew, release)";
    }
    const std::size_t inputs = out->kind == kTakeover ? 2 : 1;
    if (op.input.size() != inputs) return op.name + " takes " + std::to_string(inputs) + " input(s)";
    out->a = values.intern(op.input[0]);
    if (out->a == 0) return "a holder cannot be \"\"";
    if (out->kind == kTakeover) out->b = values.intern(op.input[1]);
    if (out->known) {
      if (*op.output == "ok") {
        out->out = 1;
      } else if (*op.output == "lost" && (out->kind == kRenew || out->kind == kRelease)) {
        out->out = 0;
      } else {
        return op.name + " output must be ok" +
               std::string(out->kind == kRenew || out->kind == kRelease ? " or lost" : "") +
               ", not " + quoted(*op.output);
      }
    }
    return "";
  }

  bool step_value(ValueTable&, ValueId holder, const CompiledOp& op,
                  ValueId* next) const override {
    *next = holder;
    switch (op.kind) {
      case kAcquire:
        // Unknown (the client crashed): it may also have been a takeover, from anyone.
        *next = op.a;
        return holder == 0 || !op.known;
      case kTakeover:
        *next = op.a;
        return holder == op.b;
      case kRenew:
        // Unknown: it happened either way; no change of holder.
        return !op.known || (op.out == 1) == (holder == op.a);
      default: {  // release
        const bool mine = holder == op.a;
        if (mine) *next = 0;
        return !op.known || (op.out == 1) == mine;
      }
    }
  }
};

}  // namespace

const Model& lock_model() {
  static const LockModel model;
  return model;
}

}  // namespace grove::checkers
