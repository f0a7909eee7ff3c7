// "kv": a key-value map (Grove's vKV and Porcupine's kv model): get, put, append and
// cond-put (CondPut(key, expected, new) -> "ok" if the value was `expected` and is now `new`,
// else "" and no change). A missing key reads as "".
//
// Strict about outputs: put and append reply "" (vKV's Put reply is empty; the importers
// record writes as ""), and a put or append that returned anything else cannot linearize. A
// cond-put replies "ok" or "" (aliases "true", and "fail"/"false", for imported histories); any
// other reply is bad input, not a failed cond-put.
#include "checkers/value_model.h"

namespace grove::checkers {

namespace {

enum : std::uint8_t { kGet, kPut, kAppend, kCondPut };

class KvModel final : public ValueModel {
 public:
  std::string_view name() const override { return "kv"; }
  std::string_view summary() const override {
    return "key-value map: get, put, append -> \"\", cond-put [expected new] -> \"ok\"|\"\"";
  }

  std::string compile(const traces::Operation& op, ValueTable& values,
                      CompiledOp* out) const override {
    std::string error;
    if (compile_read(op, values, {"get", "read"}, kGet, out, error)) return error;
    if (compile_update(op, values, {"put", "write"}, kPut, out, error)) return error;
    if (compile_update(op, values, {"append"}, kAppend, out, error)) return error;
    out->key = values.intern(op.key);
    out->known = op.outcome_known();
    if (op_name_is(op.name, {"cond-put", "cas", "condput"})) {
      if (op.input.size() != 2) return "cond-put takes [expected new]";
      out->kind = kCondPut;
      out->a = values.intern(op.input[0]);
      out->b = values.intern(op.input[1]);
      if (out->known) {
        if (op_name_is(*op.output, {"ok", "true"})) {
          out->out = 1;
        } else if (op_name_is(*op.output, {"", "fail", "false"})) {
          out->out = 0;
        } else {
          return "cond-put output must be \"ok\" or \"\" (or true, fail, false), not " +
                 quoted(*op.output);
        }
      }
      return "";
    }
    return "the kv model has no operation '" + op.name + "' (get, put, append, cond-put)";
  }

  bool step_value(ValueTable& values, ValueId value, const CompiledOp& op,
                  ValueId* next) const override {
    switch (op.kind) {
      case kPut: *next = op.a; return returns_nothing(op);
      case kAppend: *next = values.concat(value, op.a); return returns_nothing(op);
      case kCondPut: {
        const bool matches = value == op.a;
        *next = matches ? op.b : value;
        return !op.known || (op.out == 1) == matches;
      }
      default: *next = value; return !op.known || op.out == value;
    }
  }
};

}  // namespace

const Model& kv_model() {
  static const KvModel model;
  return model;
}

}  // namespace grove::checkers
