#include "checkers/linearizability.h"

#include <algorithm>

#include "checkers/explanation.h"
#include "checkers/wgl_search.h"

namespace grove::checkers {

std::string describe_operation(const traces::Operation& op) {
  std::string out = "client " + std::to_string(op.client) + ": " + op.name + "(";
  bool first = true;
  if (!op.key.empty()) {
    out += quoted(op.key);
    first = false;
  }
  for (const std::string& argument : op.input) {
    if (!first) out += ", ";
    out += quoted(argument);
    first = false;
  }
  out += ") -> ";
  out += op.output ? quoted(*op.output) : std::string("unknown");
  return out;
}

namespace {

struct Partition {
  ValueId key = 0;
  std::vector<std::uint32_t> members;  // history indices
};

}  // namespace

LinearizabilityResult check_linearizability(const traces::History& history, const Model& model,
                                            const LinearizabilityOptions& options) {
  const std::int64_t started = steady_now_ns();
  LinearizabilityResult result;
  result.model = std::string(model.name());
  result.operations = history.operations.size();

  ValueTable values;
  std::vector<CompiledOp> compiled(history.operations.size());
  for (std::size_t i = 0; i < history.operations.size(); ++i) {
    const traces::Operation& op = history.operations[i];
    std::string error = model.compile(op, values, &compiled[i]);
    if (error.empty() && op.outcome_known() && op.return_ns == traces::kNoReturn) {
      error = "an op with a known output must have a return time";
    }
    if (!error.empty()) {
      result.error = "operation #" + std::to_string(i) + " (" + describe_operation(op) + "): " +
                     error;
      result.verdict = Verdict::kInconclusive;
      return result;
    }
  }

  // Partitions in key order, so the output does not depend on hashing.
  const bool partitioned = options.partition && model.partition_by_key();
  std::vector<Partition> partitions;
  if (partitioned) {
    std::vector<std::int64_t> slot_of_key(values.size(), -1);
    for (std::uint32_t i = 0; i < compiled.size(); ++i) {
      std::int64_t& slot = slot_of_key[compiled[i].key];
      if (slot < 0) {
        slot = static_cast<std::int64_t>(partitions.size());
        partitions.push_back({compiled[i].key, {}});
      }
      partitions[slot].members.push_back(i);
    }
    std::sort(partitions.begin(), partitions.end(), [&values](const Partition& a, const Partition& b) {
      return values.text(a.key) < values.text(b.key);
    });
  } else {
    partitions.push_back({0, {}});
    for (std::uint32_t i = 0; i < compiled.size(); ++i) partitions[0].members.push_back(i);
  }
  result.partitions = partitions.size();

  SearchBudget budget;
  budget.deadline_ns = options.timeout_ns > 0 ? started + options.timeout_ns : 0;
  budget.memory_limit_bytes = options.memory_limit_bytes;
  // An explanation's searches get the same step budget each, so its window is deterministic
  // too (explain_violation uses a wall-clock cap only when there is no step budget).
  budget.max_steps = options.max_steps;
  const bool step_limited = options.max_steps != 0;
  std::uint64_t steps_left = options.max_steps;

  // Partitions run round-robin with a step allowance that grows 4x per round, so a violation
  // in an easy partition is found before a hard partition is searched to the end (Porcupine
  // gets the same effect by running partitions in parallel and stopping at the first failure).
  // The order of partitions and allowances is fixed, so the steps spent are too.
  struct Run {
    std::vector<SearchOp> ops;
    std::unique_ptr<Machine> machine;
    std::unique_ptr<LinearizationSearch> search;
  };
  std::vector<Run> runs(partitions.size());
  std::vector<std::size_t> pending;
  for (std::size_t p = 0; p < partitions.size(); ++p) {
    for (const std::uint32_t index : partitions[p].members) {
      const traces::Operation& op = history.operations[index];
      const CompiledOp& compiled_op = compiled[index];
      if (!compiled_op.known && compiled_op.effect_free) continue;  // cannot matter
      SearchOp search_op;
      search_op.op = compiled_op;
      search_op.invoke_ns = op.invoke_ns;
      // An unknown outcome may take effect until its deadline (+infinity unless the history
      // knows better, e.g. the exactly-once fence of grovesim's vKV histories), or never.
      search_op.return_ns = compiled_op.known ? op.return_ns : op.effect_deadline_ns;
      search_op.optional = !compiled_op.known;
      search_op.history_index = index;
      runs[p].ops.push_back(search_op);
    }
    pending.push_back(p);
  }
  bool stopped_early = false;
  std::size_t decided_count = 0;  // for progress reports
  std::uint64_t allowance = 1 << 12;
  while (!pending.empty() && !stopped_early) {
    std::vector<std::size_t> still_pending;
    std::size_t pending_bytes = 0;
    for (std::size_t at = 0; at < pending.size(); ++at) {
      const std::size_t p = pending[at];
      Run& run = runs[p];
      if (stopped_early) {
        still_pending.push_back(p);
        continue;
      }
      if (!run.search) {
        run.machine = model.machine(values, !partitioned);
        run.search = std::make_unique<LinearizationSearch>(
            run.ops, *run.machine, std::vector<State>{run.machine->initial()},
            budget.memory_limit_bytes);
      }
      const std::uint64_t grant = step_limited ? std::min(allowance, steps_left) : allowance;
      const std::uint64_t steps_before = run.search->steps();
      const bool decided = run.search->run(grant, budget.deadline_ns);
      const std::uint64_t used = run.search->steps() - steps_before;
      result.steps += used;
      if (step_limited) steps_left -= used;
      if (options.progress) {
        CheckProgress progress;
        progress.steps = result.steps;
        progress.max_steps = options.max_steps;
        progress.partitions = partitions.size();
        progress.decided = decided_count + (decided ? 1 : 0);
        progress.key = partitioned ? values.text(partitions[p].key) : std::string();
        progress.key_operations = run.ops.size();
        options.progress(progress);
      }
      if (decided) ++decided_count;
      if (!decided) {
        pending_bytes += run.search->memory_bytes();
        still_pending.push_back(p);
        if (step_limited && steps_left == 0) {
          result.exhausted = BudgetLimit::kSteps;
          stopped_early = true;  // the step budget is spent: the rest stays unchecked
        }
        continue;
      }
      const bool explain = options.explain && result.failed_partitions == 0;
      const SearchResult searched = run.search->finish(explain);
      result.configurations += searched.configurations;
      result.peak_memory_bytes = std::max(result.peak_memory_bytes, searched.peak_memory_bytes);
      if (searched.status == SearchStatus::kNotLinearizable) {
        ++result.failed_partitions;
        if (explain) {
          Explanation explanation = explain_violation(history, run.ops, searched, *run.machine, budget);
          explanation.key = partitioned ? values.text(partitions[p].key) : std::string();
          explanation.partitioned = partitioned;
          result.explanation = std::move(explanation);
        }
        stopped_early = true;  // the verdict is decided; the rest need not run
      } else if (searched.status == SearchStatus::kBudgetExhausted) {
        ++result.unknown_partitions;
        if (result.exhausted == BudgetLimit::kNone) result.exhausted = searched.exhausted;
        if (budget.deadline_ns != 0 && steady_now_ns() > budget.deadline_ns) stopped_early = true;
      }
      run = Run{};  // free its memory
    }
    if (budget.memory_limit_bytes != 0 && pending_bytes > budget.memory_limit_bytes) {
      if (result.exhausted == BudgetLimit::kNone) result.exhausted = BudgetLimit::kMemory;
      stopped_early = true;  // the partitions in flight together exceed the memory budget
    }
    pending = std::move(still_pending);
    allowance = std::min<std::uint64_t>(allowance * 4, std::uint64_t{1} << 40);
  }
  result.unchecked_partitions = pending.size();
  if (result.failed_partitions > 0) {
    result.verdict = Verdict::kNotLinearizable;  // definite, whatever else ran out of budget
    result.exhausted = BudgetLimit::kNone;
  } else if (result.unknown_partitions > 0 || result.unchecked_partitions > 0) {
    result.verdict = Verdict::kInconclusive;
  } else {
    result.verdict = Verdict::kLinearizable;
  }
  result.elapsed_ns = steady_now_ns() - started;
  return result;
}

std::string describe_exhaustion(const LinearizabilityResult& result,
                                const LinearizabilityOptions& options) {
  switch (result.exhausted) {
    case BudgetLimit::kSteps:
      return "the budget of " + std::to_string(options.max_steps) +
             (options.max_steps == 1 ? " search step" : " search steps") + " ran out";
    case BudgetLimit::kTime:
      return "the time budget of " + std::to_string(options.timeout_ns / 1'000'000) +
             " ms ran out";
    case BudgetLimit::kMemory:
      return "the memory budget of " + std::to_string(options.memory_limit_bytes >> 20) +
             " MiB ran out";
    case BudgetLimit::kNone: break;
  }
  return result.error.empty() ? std::string() : "the model cannot check the history";
}

}  // namespace grove::checkers
