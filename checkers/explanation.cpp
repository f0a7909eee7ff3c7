#include "checkers/explanation.h"

#include <algorithm>

namespace grove::checkers {

namespace {

constexpr std::int64_t kExplanationTimeNs = 10'000'000'000;  // when the check has no budget

std::string time_text(std::int64_t ns) {
  return ns == traces::kNoReturn ? std::string("never") : std::to_string(ns);
}

std::string op_line(const traces::History& history, std::size_t index) {
  const traces::Operation& op = history.operations[index];
  return "  #" + std::to_string(index) + " " + describe_operation(op) + "  [" +
         std::to_string(op.invoke_ns) + ", " +
         (op.outcome_known() ? time_text(op.return_ns) : std::string("unknown")) + "]\n";
}

}  // namespace

Explanation explain_violation(const traces::History& history, std::span<const SearchOp> ops,
                              const SearchResult& failed, Machine& machine,
                              const SearchBudget& budget) {
  Explanation explanation;
  const EventOrder order = order_events(ops);
  const std::size_t furthest = failed.furthest_position;
  const std::uint32_t blocking = failed.blocking_op;
  explanation.failing_op = ops[blocking].history_index;
  explanation.prefix_end_ns = ops[blocking].return_ns;

  SearchBudget local = budget;
  if (local.max_steps == 0) {
    // No step budget to bound each search: cap the explanation's wall time instead. With a
    // step budget it has no wall-clock cap, so the window it reports is the same everywhere.
    const std::int64_t cap = steady_now_ns() + kExplanationTimeNs;
    local.deadline_ns = local.deadline_ns == 0 ? cap : std::min(local.deadline_ns, cap);
  }

  // The longest linearizable prefix: every event before the blocking return. Ops still
  // pending there may or may not have taken effect.
  std::vector<SearchOp> prefix;
  for (std::uint32_t i = 0; i < ops.size(); ++i) {
    if (order.call_position[i] >= furthest) continue;
    SearchOp op = ops[i];
    if (order.return_position[i] >= furthest) {
      op.optional = true;
      op.return_ns = traces::kNoReturn;
    }
    prefix.push_back(op);
  }
  const State initial = machine.initial();
  const SearchResult witness = search_linearization(prefix, machine, {&initial, 1}, local);
  State state = initial;
  for (const std::uint32_t i : witness.linearization) {
    explanation.prefix_linearization.push_back(prefix[i].history_index);
    State after = state;
    machine.step(state, prefix[i].op, &after);
    state = after;
  }
  explanation.state_after_prefix = machine.describe(state);

  // The smallest window: the latest cut such that the ops alive after it, up to the blocking
  // return, fail from every state the history before the cut can leave.
  // Start states for a cut: those of explored configurations that linearized every op
  // returning before the cut (any real linearization passes through one of them).
  auto starts_for = [&](std::uint32_t cut) {
    std::vector<State> starts;
    for (const SearchResult::ReachedState& reached : failed.states) {
      if (reached.covers_before > cut) starts.push_back(reached.state);
    }
    if (cut == 0 && std::find(starts.begin(), starts.end(), initial) == starts.end()) {
      starts.push_back(initial);
    }
    return starts;
  };
  auto window_at = [&](std::uint32_t cut) {
    std::vector<SearchOp> window;
    for (std::uint32_t i = 0; i < ops.size(); ++i) {
      if (order.call_position[i] > furthest || order.return_position[i] <= cut) continue;
      SearchOp op = ops[i];
      if (order.return_position[i] > furthest) {
        op.optional = true;  // pending at the blocking return
        op.return_ns = traces::kNoReturn;
      } else if (order.call_position[i] < cut) {
        op.optional = true;  // straddles the cut: may have taken effect before it
      }
      window.push_back(op);
    }
    return window;
  };
  // Candidate cuts: the calls up to the blocking op's, latest first. Gallop back until a
  // window fails, then bisect for the latest failing cut (windows grow as cuts move back, so
  // failing is monotone in practice; whatever is reported was verified to fail).
  std::vector<std::uint32_t> cuts;
  for (std::int64_t cut = order.call_position[blocking]; cut >= 0; --cut) {
    if (order.is_call_at[cut]) cuts.push_back(static_cast<std::uint32_t>(cut));
  }
  enum class Outcome { kFails, kLinearizes, kOutOfBudget };
  auto try_cut = [&](std::size_t k) {
    const std::vector<SearchOp> window = window_at(cuts[k]);
    const std::vector<State> starts = starts_for(cuts[k]);
    const SearchResult attempt = search_linearization(window, machine, starts, local);
    if (attempt.status == SearchStatus::kBudgetExhausted) return Outcome::kOutOfBudget;
    return attempt.status == SearchStatus::kNotLinearizable ? Outcome::kFails
                                                            : Outcome::kLinearizes;
  };
  bool found = false;
  bool out_of_budget = false;
  std::size_t good = cuts.size();  // latest known cut that linearizes (none yet)
  std::size_t bad = cuts.size();   // a cut known to fail
  for (std::size_t step = 1, k = 0; k < cuts.size(); k += step, step *= 2) {
    const Outcome outcome = try_cut(k);
    if (outcome == Outcome::kOutOfBudget) {
      out_of_budget = true;
      break;
    }
    if (outcome == Outcome::kFails) {
      bad = k;
      break;
    }
    good = k;
    if (k + step >= cuts.size() && k + 1 < cuts.size()) step = cuts.size() - 1 - k;
  }
  if (!out_of_budget && bad < cuts.size()) {
    // Bisect between the latest linearizing cut and the failing one.
    std::size_t low = good == cuts.size() ? 0 : good + 1;
    while (low < bad) {
      const std::size_t middle = low + (bad - low) / 2;
      const Outcome outcome = try_cut(middle);
      if (outcome == Outcome::kOutOfBudget) break;
      if (outcome == Outcome::kFails) {
        bad = middle;
      } else {
        low = middle + 1;
      }
    }
    found = true;
    const std::uint32_t cut = cuts[bad];
    const std::vector<State> starts = starts_for(cut);
    explanation.window_start_ns = ops[order.op_at[cut]].invoke_ns;
    explanation.window_states = starts.size();
    for (std::size_t k = 0; k < starts.size() && k < Explanation::kShownStates; ++k) {
      explanation.window_start_states.push_back(machine.describe(starts[k]));
    }
    for (const SearchOp& op : window_at(cut)) explanation.window_ops.push_back(op.history_index);
  }
  if (!found) {
    // Out of budget (or no cut fails from every state): the window is the whole prefix, which
    // fails from the initial state.
    explanation.window_minimal = false;
    explanation.window_states = 1;
    explanation.window_start_ns = prefix.empty() ? explanation.prefix_end_ns : prefix[0].invoke_ns;
    for (const SearchOp& op : prefix) {
      explanation.window_start_ns = std::min(explanation.window_start_ns, op.invoke_ns);
      explanation.window_ops.push_back(op.history_index);
    }
    explanation.window_ops.push_back(ops[blocking].history_index);
  }
  std::sort(explanation.window_ops.begin(), explanation.window_ops.end(),
            [&history](std::size_t a, std::size_t b) {
              const auto& x = history.operations[a];
              const auto& y = history.operations[b];
              return x.invoke_ns != y.invoke_ns ? x.invoke_ns < y.invoke_ns : a < b;
            });
  explanation.window_ops.erase(
      std::unique(explanation.window_ops.begin(), explanation.window_ops.end()),
      explanation.window_ops.end());

  std::string& text = explanation.text;
  text += "The history before t=" + time_text(explanation.prefix_end_ns) + " linearizes (" +
          std::to_string(explanation.prefix_linearization.size()) +
          " ops took effect; the state is then " + explanation.state_after_prefix + "),\n";
  text += "but this op cannot be linearized before it returns:\n";
  text += op_line(history, explanation.failing_op);
  text += "Smallest window that cannot be linearized, [" +
          std::to_string(explanation.window_start_ns) + ", " +
          time_text(explanation.prefix_end_ns) + "], " +
          std::to_string(explanation.window_ops.size()) + " ops, ";
  text += explanation.window_minimal
              ? "from any of the " + std::to_string(explanation.window_states) +
                    " states the earlier history can leave:\n"
              : "from the initial state (the budget ran out before a smaller window was found):\n";
  for (const std::size_t index : explanation.window_ops) text += op_line(history, index);
  if (!explanation.window_start_states.empty()) {
    text += "States before the window: ";
    for (std::size_t k = 0; k < explanation.window_start_states.size(); ++k) {
      text += (k > 0 ? ", " : "") + explanation.window_start_states[k];
    }
    if (explanation.window_states > explanation.window_start_states.size()) text += ", ...";
    text += "\n";
  }
  return explanation;
}

}  // namespace grove::checkers
