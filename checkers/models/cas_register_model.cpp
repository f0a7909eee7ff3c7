// "cas-register": read, write and compare-and-set per key, with etcd semantics: a cas that
// returned "fail" (or "false") is an observation that the value differed from the expected
// one; a cas with an unknown outcome sets the value if it matched, whenever it took effect.
#include "checkers/value_model.h"

namespace grove::checkers {

namespace {

enum : std::uint8_t { kRead, kWrite, kCas };

class CasRegisterModel final : public ValueModel {
 public:
  std::string_view name() const override { return "cas-register"; }
  std::string_view summary() const override {
    return "register per key with read, write, cas [expected new] -> ok|fail (etcd semantics)";
  }

  std::string compile(const traces::Operation& op, ValueTable& values,
                      CompiledOp* out) const override {
    std::string error;
    if (compile_read(op, values, {"read", "get", "r"}, kRead, out, error)) return error;
    if (compile_update(op, values, {"write", "put", "w"}, kWrite, out, error)) return error;
    out->key = values.intern(op.key);
    out->known = op.outcome_known();
    if (op_name_is(op.name, {"cas", "compare-and-set", "cond-put"})) {
      if (op.input.size() != 2) return "cas takes [expected new]";
      out->kind = kCas;
      out->a = values.intern(op.input[0]);
      out->b = values.intern(op.input[1]);
      if (out->known) {
        if (op_name_is(*op.output, {"ok", "true"})) {
          out->out = 1;
        } else if (op_name_is(*op.output, {"fail", "false", ""})) {
          out->out = 0;
        } else {
          return "cas output must be ok or fail, not " + quoted(*op.output);
        }
      }
      return "";
    }
    return "the cas-register model has no operation '" + op.name + "' (read, write, cas)";
  }

  bool step_value(ValueTable&, ValueId value, const CompiledOp& op,
                  ValueId* next) const override {
    switch (op.kind) {
      case kWrite: *next = op.a; return returns_nothing(op);  // a write replies nothing
      case kCas: {
        const bool matches = value == op.a;
        *next = matches ? op.b : value;
        return !op.known || (op.out == 1) == matches;
      }
      default: *next = value; return !op.known || op.out == value;
    }
  }
};

}  // namespace

const Model& cas_register_model() {
  static const CasRegisterModel model;
  return model;
}

}  // namespace grove::checkers
