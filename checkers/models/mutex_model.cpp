// "mutex": Knossos's mutex, one per key, held or free (Jepsen's lock tests):
//   acquire -> ""   the mutex was free and is now held
//   release -> ""   the mutex was held and is now free
// Unlike "lock" there are no holders: an acquire of a held mutex or a release of a free one
// cannot linearize, whoever asked. Jepsen's :fail ops never took effect and are dropped on
// import; an unknown (:info) op may have taken effect (the search may also leave it out).
#include "checkers/value_model.h"

namespace grove::checkers {

namespace {

enum : std::uint8_t { kAcquire, kRelease };

// A held mutex's value: any id other than 0 ("", free) would do; this one reads well.
constexpr std::string_view kHeld = "held";

class MutexModel final : public ValueModel {
 public:
  std::string_view name() const override { return "mutex"; }
  std::string_view summary() const override {
    return "mutex per key (Knossos): acquire -> \"\" (was free), release -> \"\" (was held)";
  }

  std::string compile(const traces::Operation& op, ValueTable& values,
                      CompiledOp* out) const override {
    out->key = values.intern(op.key);
    out->known = op.outcome_known();
    if (op_name_is(op.name, {"acquire", "lock"})) {
      out->kind = kAcquire;
    } else if (op_name_is(op.name, {"release", "unlock"})) {
      out->kind = kRelease;
    } else {
      return "the mutex model has no operation '" + op.name + "' (acquire, release)";
    }
    if (!op.input.empty()) return op.name + " takes no input";
    out->a = values.intern(kHeld);
    if (out->known) out->out = values.intern(*op.output);
    return "";
  }

  bool step_value(ValueTable&, ValueId value, const CompiledOp& op,
                  ValueId* next) const override {
    const bool held = value != 0;
    *next = op.kind == kAcquire ? op.a : 0;
    // Both reply nothing; any other reply could not have come from this op.
    return returns_nothing(op) && (op.kind == kAcquire ? !held : held);
  }
};

}  // namespace

const Model& mutex_model() {
  static const MutexModel model;
  return model;
}

}  // namespace grove::checkers
