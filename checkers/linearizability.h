// Linearizability of a history against a sequential model: per key when the model allows it
// (P-compositionality), unknown outcomes allowed, within a budget of search steps (the same on
// every machine), time and memory whose exhaustion gives kInconclusive rather than a guess,
// with an explanation of a violation.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checkers/model.h"
#include "checkers/wgl_search.h"
#include "traces/history.h"

namespace grove::checkers {

// The step budget of grovesim's own checks (runs of scenarios, `grovesim check`) unless a
// scenario or flag says otherwise. Over 140x the most any built-in scenario's seed needed in
// 2,000 seeds each (69,633 steps, bank), 53x the most in 20,000 bank seeds (its heaviest tail:
// 189,349); docs/checking.md has the table. Low enough that a pathological history is given up
// on in seconds even with the costliest steps (whole-map kv states with appends: ~10 s on a
// loaded 2-core machine; a register: ~0.4 s).
inline constexpr std::uint64_t kDefaultCheckBudgetSteps = 10'000'000;

// Where a running check is: for people watching a long one.
struct CheckProgress {
  std::uint64_t steps = 0;           // search steps so far, over every partition
  std::uint64_t max_steps = 0;       // the step budget (0: none)
  std::size_t partitions = 0;        // in all
  std::size_t decided = 0;           // finished (linearizable, or not)
  std::string key;                   // the partition just searched ("" if not partitioned)
  std::size_t key_operations = 0;    // its operations
};

struct LinearizabilityOptions {
  bool partition = true;                              // per key, if the model allows it
  // Search steps over all partitions (SearchBudget::max_steps); 0: no step budget. A verdict
  // reached within it is the same on every machine, whatever the load.
  std::uint64_t max_steps = 0;
  std::int64_t timeout_ns = 0;                        // 0: no time budget
  std::size_t memory_limit_bytes = std::size_t{4} << 30;  // search memo; 0: none
  bool explain = true;
  // Called after each slice of search (partitions take turns with growing slices): for a
  // progress line. Must not throw; may be empty.
  std::function<void(const CheckProgress&)> progress;
};

// kInconclusive: a budget ran out before a verdict (or the model cannot check the history:
// see LinearizabilityResult::error). Never a pass.
enum class Verdict { kLinearizable, kNotLinearizable, kInconclusive };

// Why a partition is not linearizable (see docs/checking.md). Ops are history indices.
struct Explanation {
  static constexpr std::size_t kShownStates = 8;

  std::string key;          // the failing partition's key ("" if not partitioned)
  bool partitioned = true;
  // The longest linearizable prefix: every event before `prefix_end_ns` (the failing op's
  // return) linearizes; `prefix_linearization` is a witness order of the ops that took effect.
  std::int64_t prefix_end_ns = 0;
  std::vector<std::size_t> prefix_linearization;
  std::string state_after_prefix;
  std::size_t failing_op = 0;  // its return is the furthest event any linearization reaches
  // The smallest window [window_start_ns, prefix_end_ns] whose ops cannot be linearized from any
  // state the earlier history can leave (`window_states` states tried). Ops straddling the start
  // may have taken effect before it.
  std::int64_t window_start_ns = 0;
  std::vector<std::size_t> window_ops;  // by invoke time
  std::size_t window_states = 0;
  std::vector<std::string> window_start_states;  // described, at most kShownStates of them
  bool window_minimal = true;  // false: the budget ran out, the window is the whole prefix
  std::string text;            // the explanation for people, several lines
};

struct LinearizabilityResult {
  Verdict verdict = Verdict::kLinearizable;
  std::string error;  // non-empty: the model cannot check this history (bad input)
  std::string model;
  std::size_t operations = 0;
  std::size_t partitions = 0;
  std::size_t failed_partitions = 0;
  std::size_t unknown_partitions = 0;    // ran out of budget
  std::size_t unchecked_partitions = 0;  // not finished when the verdict was decided
  std::size_t configurations = 0;  // memo entries over all partitions
  std::uint64_t steps = 0;         // search steps over all partitions (deterministic)
  BudgetLimit exhausted = BudgetLimit::kNone;  // the budget that made the verdict inconclusive
  std::size_t peak_memory_bytes = 0;
  std::int64_t elapsed_ns = 0;
  std::optional<Explanation> explanation;
};

LinearizabilityResult check_linearizability(const traces::History& history, const Model& model,
                                            const LinearizabilityOptions& options = {});

// "the budget of 1000 search steps ran out" — why a result is inconclusive, for messages.
std::string describe_exhaustion(const LinearizabilityResult& result,
                                const LinearizabilityOptions& options);

// "client 3: cas(\"x\", \"1\", \"2\") -> fail" — for messages and reports.
std::string describe_operation(const traces::Operation& op);

}  // namespace grove::checkers
