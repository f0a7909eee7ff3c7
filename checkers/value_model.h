// The common shape of models whose state is one value per key (registers, key-value, locks):
// the model gives the per-key step; this base makes the Machines. Partitioned, a state is the
// key's value id; over the whole history, a state is an interned map key -> value id.
#pragma once

#include "checkers/model.h"

namespace grove::checkers {

class ValueModel : public Model {
 public:
  bool partition_by_key() const override { return true; }
  std::unique_ptr<Machine> machine(ValueTable& values, bool whole_history) const override;

  // The per-key step: `value` is the key's current value id.
  virtual bool step_value(ValueTable& values, ValueId value, const CompiledOp& op,
                          ValueId* next) const = 0;
};

}  // namespace grove::checkers
