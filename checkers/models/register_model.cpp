// "register": one value per key with read and write. Writes return nothing; a read returns
// the value of the latest write ("" before any).
#include "checkers/value_model.h"

namespace grove::checkers {

namespace {

enum : std::uint8_t { kRead, kWrite };

class RegisterModel final : public ValueModel {
 public:
  std::string_view name() const override { return "register"; }
  std::string_view summary() const override {
    return "read/write register per key; a never-written register reads \"\" (nil)";
  }

  std::string compile(const traces::Operation& op, ValueTable& values,
                      CompiledOp* out) const override {
    std::string error;
    if (compile_read(op, values, {"read", "get", "r"}, kRead, out, error)) return error;
    if (compile_update(op, values, {"write", "put", "w"}, kWrite, out, error)) return error;
    return "the register model has no operation '" + op.name + "' (read, write)";
  }

  bool step_value(ValueTable&, ValueId value, const CompiledOp& op,
                  ValueId* next) const override {
    if (op.kind == kWrite) {
      *next = op.a;
      return returns_nothing(op);  // a write replies nothing
    }
    *next = value;
    return !op.known || op.out == value;
  }
};

}  // namespace

const Model& register_model() {
  static const RegisterModel model;
  return model;
}

}  // namespace grove::checkers
