// The Wing–Gong–Lowe search for a linearization of one partition (as in Porcupine): the call
// and return events in a doubly linked list, ops lifted out of it as they are linearized and
// put back on backtracking, and a memo of the configurations already explored, keyed by the
// set of linearized ops (a bitset with an incrementally maintained Zobrist hash) and the model
// state. Nothing in the hot loop allocates except the memo's own growth.
//
// Optional ops (unknown outcome, or straddling an explanation window's start) may take effect
// at any time after their call, or never: on reaching the return of an optional op that is not
// linearized, the search may skip it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "checkers/model.h"

namespace grove::checkers {

struct SearchOp {
  CompiledOp op;
  std::int64_t invoke_ns = 0;
  std::int64_t return_ns = 0;  // traces::kNoReturn: returns at +infinity
  bool optional = false;
  std::uint32_t history_index = 0;  // back-reference for explanations
};

struct SearchBudget {
  // Loop iterations of the search (each tries one candidate, skips one optional op or undoes
  // one choice): the same count on every machine, so a verdict reached within it is too.
  std::uint64_t max_steps = 0;          // 0: none
  std::int64_t deadline_ns = 0;         // steady-clock time (steady_now_ns); 0: none
  std::size_t memory_limit_bytes = 0;   // 0: none
};

// Which budget ended a search before it reached a verdict.
enum class BudgetLimit { kNone, kSteps, kTime, kMemory };

std::int64_t steady_now_ns();

enum class SearchStatus { kLinearizable, kNotLinearizable, kBudgetExhausted };

struct SearchResult {
  SearchStatus status = SearchStatus::kLinearizable;
  // Linearizable: the ops that took effect, in linearization order (indices into `ops`).
  std::vector<std::uint32_t> linearization;
  // Not linearizable: the furthest return event the search could not get past, as its
  // position in event order (calls and returns sorted by time, calls first on ties), and its op.
  std::size_t furthest_position = 0;
  std::uint32_t blocking_op = 0;
  // When asked: each distinct model state of the explored configurations, with the furthest
  // event position `covers_before` such that some configuration in that state has linearized
  // every op whose return comes before that position. Sorted by state.
  struct ReachedState {
    State state = 0;
    std::uint32_t covers_before = 0;
  };
  std::vector<ReachedState> states;
  std::size_t configurations = 0;
  std::size_t peak_memory_bytes = 0;
  std::uint64_t steps = 0;  // loop iterations run
  BudgetLimit exhausted = BudgetLimit::kNone;  // kBudgetExhausted: which budget
};

// A resumable search over one partition: run() for a number of steps at a time, so a driver
// can interleave partitions and stop at the first violation (as Porcupine does with threads).
// `ops` must outlive the search.
class LinearizationSearch {
 public:
  LinearizationSearch(std::span<const SearchOp> ops, Machine& machine,
                      std::vector<State> initial_states, std::size_t memory_limit_bytes);
  ~LinearizationSearch();
  LinearizationSearch(const LinearizationSearch&) = delete;
  LinearizationSearch& operator=(const LinearizationSearch&) = delete;

  // Runs until decided, `max_steps` more loop iterations, the deadline (steady_now_ns; 0:
  // none) or the memory limit. Returns true when decided (or out of memory/time: see finish()).
  bool run(std::uint64_t max_steps, std::int64_t deadline_ns);
  bool done() const;
  std::size_t memory_bytes() const;
  std::uint64_t steps() const;  // loop iterations run so far
  // The result; if the search is not done, it stopped for want of steps (kBudgetExhausted).
  // `collect_states` fills result.states.
  SearchResult finish(bool collect_states);

 private:
  struct Impl;
  Impl* impl_;
};

// Runs a search to the end or until a budget runs out. Searches from any of `initial_states`;
// the memo is shared across them (it depends only on the configuration, not on where the
// search started).
SearchResult search_linearization(std::span<const SearchOp> ops, Machine& machine,
                                  std::span<const State> initial_states,
                                  const SearchBudget& budget, bool collect_states = false);

// Event order used by the search: for each op, the positions of its call and return among
// the 2n events. Exposed for explanations.
struct EventOrder {
  std::vector<std::uint32_t> call_position;
  std::vector<std::uint32_t> return_position;
  std::vector<std::uint32_t> op_at;     // op of the event at a position
  std::vector<std::uint8_t> is_call_at;  // whether that event is a call (1) or a return (0)
};
EventOrder order_events(std::span<const SearchOp> ops);

}  // namespace grove::checkers
