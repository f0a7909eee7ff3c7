// Sequential specifications for the linearizability checker.
//
// A Model turns history operations into compact CompiledOps (values interned to ids) and makes
// Machines; a Machine is the sequential specification itself: from a state and an operation it
// says whether the operation's observed output is possible and what the next state is. States
// are 64-bit values (a value id, an interned map, ...) so the search can hash and compare them
// without allocating.
//
// Adding a model: one file under checkers/models/ with a Model subclass and a factory, plus its
// line in model_registry.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checkers/value_table.h"
#include "traces/history.h"

namespace grove::checkers {

using State = std::uint64_t;

struct CompiledOp {
  std::uint8_t kind = 0;    // model-specific opcode
  bool known = false;       // the output is known
  bool effect_free = false; // cannot change the state (a read): dropped when its outcome is unknown
  ValueId key = 0;          // the partition key
  ValueId a = 0;            // first argument
  ValueId b = 0;            // second argument
  ValueId out = 0;          // the output (when known)
};

class Machine {
 public:
  virtual ~Machine() = default;
  virtual State initial() = 0;
  // The state after `op` in `state`; false if `op`'s known output is impossible there. An op
  // with an unknown output is applied as it would be if it took effect.
  virtual bool step(State state, const CompiledOp& op, State* next) = 0;
  // A short human rendering of a state, e.g. "\"3\"" or "{x=\"1\", y=\"\"}".
  virtual std::string describe(State state) const = 0;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view summary() const = 0;
  // Ops on different keys commute and never observe each other (P-compositionality).
  virtual bool partition_by_key() const = 0;
  // Compiles `op`; returns an error message ("" on success) if the model cannot check it.
  virtual std::string compile(const traces::Operation& op, ValueTable& values,
                              CompiledOp* out) const = 0;
  // A machine over `values` (which it may extend with new states). `whole_history`: the
  // machine sees every key in one state (no partitioning).
  virtual std::unique_ptr<Machine> machine(ValueTable& values, bool whole_history) const = 0;
};

// Helpers shared by the models.
bool op_name_is(std::string_view name, std::initializer_list<std::string_view> aliases);
std::string quoted(std::string_view text);  // "\"text\"" with unprintable bytes escaped

}  // namespace grove::checkers
