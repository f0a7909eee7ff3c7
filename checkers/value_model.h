// The common shape of models whose state is one value per key (registers, key-value, locks):
// the model gives the per-key step; this base makes the Machines. Partitioned, a state is the
// key's value id; over the whole history, a state is an interned map key -> value id.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "checkers/model.h"

namespace grove::checkers {

class ValueModel : public Model {
 public:
  bool partition_by_key() const override { return true; }
  std::unique_ptr<Machine> machine(ValueTable& values, bool whole_history) const override;

  // The per-key step: `value` is the key's current value id.
  virtual bool step_value(ValueTable& values, ValueId value, const CompiledOp& op,
                          ValueId* next) const = 0;

 protected:
  // The op forms value models share. Each returns false if `op`'s name is none of `names`;
  // otherwise it fills `out` as op `kind` of `op.key` and sets `error` ("" if the op is fine).
  // A read observes the key's value (effect free, the output is what it saw).
  static bool compile_read(const traces::Operation& op, ValueTable& values,
                           std::initializer_list<std::string_view> names, std::uint8_t kind,
                           CompiledOp* out, std::string& error);
  // An update with one value argument (write, put, append), in out->a; its known output in
  // out->out (see returns_nothing).
  static bool compile_update(const traces::Operation& op, ValueTable& values,
                             std::initializer_list<std::string_view> names, std::uint8_t kind,
                             CompiledOp* out, std::string& error);
  // Whether an update's observed output is possible: updates reply nothing ("": vKV's Put
  // reply is empty, Porcupine's and Jepsen's writes carry no value). Any other known output
  // could not have come from this op, so the op cannot linearize anywhere.
  static bool returns_nothing(const CompiledOp& op) { return !op.known || op.out == 0; }
};

}  // namespace grove::checkers
