#include "checkers/wgl_search.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>

#include "traces/rolling_hash.h"

namespace grove::checkers {

std::int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

EventOrder order_events(std::span<const SearchOp> ops) {
  const std::size_t n = ops.size();
  struct Event {
    std::int64_t time;
    std::uint8_t is_return;  // calls before returns at equal times: they overlap
    std::uint32_t op;
  };
  std::vector<Event> events;
  events.reserve(2 * n);
  for (std::uint32_t i = 0; i < n; ++i) {
    events.push_back({ops[i].invoke_ns, 0, i});
    events.push_back({ops[i].return_ns, 1, i});
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.is_return != b.is_return) return a.is_return < b.is_return;
    return a.op < b.op;
  });
  EventOrder order;
  order.call_position.resize(n);
  order.return_position.resize(n);
  order.op_at.resize(2 * n);
  order.is_call_at.resize(2 * n);
  for (std::uint32_t position = 0; position < events.size(); ++position) {
    const Event& event = events[position];
    order.op_at[position] = event.op;
    order.is_call_at[position] = event.is_return == 0;
    if (event.is_return != 0) {
      order.return_position[event.op] = position;
    } else {
      order.call_position[event.op] = position;
    }
  }
  return order;
}

namespace {

// The memo: configurations (set of linearized ops, state) already explored. The set is split
// into the required ops (hashed incrementally with Zobrist keys) and the optional ops. A
// configuration is covered by an explored one with the same required set and state whose
// optional set is a subset of its own: optional ops may also never take effect, so whatever
// can follow the larger one can follow the smaller one. Each (required set, state) is one
// group holding an antichain of optional sets (a new subset evicts its supersets).
class ConfigurationCache {
 public:
  // `ops`: the partition's op count. A search holds at least one configuration per op on its
  // path, so the table starts at that size: a fixed 1,024 slots were a sixth of checking a
  // small file (kv/c01-bad has ten partitions of a few ops).
  ConfigurationCache(std::size_t required_words, std::size_t optional_words, std::size_t ops)
      : required_words_(std::max<std::size_t>(required_words, 1)),
        optional_words_(optional_words) {
    std::size_t slots = 16;
    while (slots < 4 * (ops + 1) && slots < 1024) slots *= 2;
    slots_.resize(slots);
  }

  // Inserts the configuration; false if an explored one covers it. `bits` holds the required
  // words then the optional words.
  bool insert(std::uint64_t set_hash, State state, const std::uint64_t* bits) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    const std::uint64_t hash = mix(set_hash, state);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.offset == kEmpty) {
        slot.hash = hash;
        slot.state = state;
        slot.offset = arena_.size();
        arena_.insert(arena_.end(), bits, bits + required_words_);
        if (optional_words_ > 0) {
          slot.group = static_cast<std::uint32_t>(groups_.size());
          groups_.emplace_back(bits + required_words_, bits + required_words_ + optional_words_);
          group_bytes_ += optional_words_ * sizeof(std::uint64_t) + sizeof(std::vector<std::uint64_t>);
        }
        ++count_;
        return true;
      }
      if (slot.hash != hash || slot.state != state ||
          std::memcmp(arena_.data() + slot.offset, bits,
                      required_words_ * sizeof(std::uint64_t)) != 0) {
        continue;
      }
      if (optional_words_ == 0) return false;
      return insert_optional(groups_[slot.group], bits + required_words_);
    }
  }

  std::size_t size() const { return count_; }
  std::size_t bytes() const {
    return slots_.capacity() * sizeof(Slot) + arena_.capacity() * sizeof(std::uint64_t) +
           group_bytes_;
  }
  // Visits each (state, required bits) explored.
  template <typename Visit>
  void for_each(Visit visit) const {
    for (const Slot& slot : slots_) {
      if (slot.offset != kEmpty) visit(slot.state, arena_.data() + slot.offset);
    }
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  struct Slot {
    std::uint64_t hash = 0;
    State state = 0;
    std::uint64_t offset = kEmpty;
    std::uint32_t group = 0;
  };
  static std::uint64_t mix(std::uint64_t set_hash, State state) {
    return traces::RollingHash::mix(set_hash ^
                                    (state * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL));
  }

  bool subset(const std::uint64_t* small, const std::uint64_t* large) const {
    for (std::size_t w = 0; w < optional_words_; ++w) {
      if ((small[w] & ~large[w]) != 0) return false;
    }
    return true;
  }

  bool insert_optional(std::vector<std::uint64_t>& sets, const std::uint64_t* optional) {
    const std::size_t n = optional_words_;
    for (std::size_t at = 0; at < sets.size(); at += n) {
      if (subset(sets.data() + at, optional)) return false;
    }
    // Evict the explored supersets of the new set: it covers whatever they covered.
    std::size_t kept = 0;
    for (std::size_t at = 0; at < sets.size(); at += n) {
      if (subset(optional, sets.data() + at)) continue;
      if (kept != at) std::copy(sets.begin() + at, sets.begin() + at + n, sets.begin() + kept);
      kept += n;
    }
    sets.resize(kept);
    sets.insert(sets.end(), optional, optional + n);
    group_bytes_ += n * sizeof(std::uint64_t);
    ++count_;
    return true;
  }

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.offset == kEmpty) continue;
      std::size_t i = slot.hash & mask;
      while (slots_[i].offset != kEmpty) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::size_t required_words_;
  std::size_t optional_words_;
  std::vector<Slot> slots_;
  std::vector<std::uint64_t> arena_;
  std::vector<std::vector<std::uint64_t>> groups_;
  std::size_t group_bytes_ = 0;
  std::size_t count_ = 0;
};

struct Frame {
  std::uint32_t op;
  bool skipped;  // an optional op passed over at its return (it never took effect)
  State state_before;
};

}  // namespace

struct LinearizationSearch::Impl {
  Impl(std::span<const SearchOp> search_ops, Machine& search_machine, std::vector<State> initial,
       std::size_t memory_limit)
      : ops(search_ops),
        machine(search_machine),
        starts(std::move(initial)),
        memory_limit_bytes(memory_limit),
        order(order_events(search_ops)),
        n(static_cast<std::uint32_t>(search_ops.size())),
        head(2 * n),
        next(2 * n + 1),
        prev(2 * n + 1),
        bit_word(n),
        bit_mask(n),
        zobrist(n, 0) {
    std::uint32_t required_count = 0;
    std::uint32_t optional_count = 0;
    for (const SearchOp& op : ops) (op.optional ? optional_count : required_count) += 1;
    required = required_count;
    const std::size_t required_words = (required_count + 63) / 64;
    const std::size_t optional_words = (optional_count + 63) / 64;
    std::uint32_t next_required = 0;
    std::uint32_t next_optional = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t bit = ops[i].optional ? next_optional++ : next_required++;
      bit_word[i] = static_cast<std::uint32_t>(
          (ops[i].optional ? std::max<std::size_t>(required_words, 1) : 0) + bit / 64);
      bit_mask[i] = std::uint64_t{1} << (bit % 64);
      if (!ops[i].optional) {
        zobrist[i] = traces::RollingHash::mix(0x5bd1e995ULL + bit * 0x9e3779b97f4a7c15ULL);
      }
    }
    // At least one required word, so the memo's layout (required words, then optional ones)
    // holds even when every op is optional.
    const std::size_t stored_required_words = std::max<std::size_t>(required_words, 1);
    bits.assign(stored_required_words + optional_words, 0);
    cache = std::make_unique<ConfigurationCache>(stored_required_words, optional_words, n);
    stack.reserve(n);
  }

  void lift(std::uint32_t op) {
    for (const std::uint32_t position : {order.call_position[op], order.return_position[op]}) {
      next[prev[position]] = next[position];
      prev[next[position]] = prev[position];
    }
  }
  void unlift(std::uint32_t op) {
    for (const std::uint32_t position : {order.return_position[op], order.call_position[op]}) {
      next[prev[position]] = position;
      prev[next[position]] = position;
    }
  }
  void flip(std::uint32_t op) { bits[bit_word[op]] ^= bit_mask[op]; }

  // Starts the search from the next initial state; false if none is left.
  bool begin_next_start() {
    while (next_start < starts.size()) {
      const State initial = starts[next_start++];
      for (std::uint32_t position = 0; position <= head; ++position) {
        next[position] = position == head ? 0 : position + 1;
        prev[position] = position == 0 ? head : position - 1;
      }
      next[head == 0 ? 0 : head - 1] = head;
      prev[head] = head == 0 ? head : head - 1;
      if (n == 0) next[head] = head;
      std::fill(bits.begin(), bits.end(), 0);
      stack.clear();
      state = initial;
      set_hash = 0;
      remaining = required;
      entry = next[head];
      optional_pass = false;
      // The start joins the memo, so a later start with an explored state is pruned at once.
      if (cache->insert(0, state, bits.data())) return true;
    }
    return false;
  }

  // Undoes choices until one leaves an alternative; false when the start is exhausted.
  bool backtrack() {
    while (!stack.empty()) {
      const Frame frame = stack.back();
      stack.pop_back();
      unlift(frame.op);
      flip(frame.op);
      if (frame.skipped) continue;  // nothing else to try at that return: keep undoing
      state = frame.state_before;
      set_hash ^= zobrist[frame.op];
      if (!ops[frame.op].optional) ++remaining;
      entry = next[order.call_position[frame.op]];
      optional_pass = ops[frame.op].optional;
      return true;
    }
    return false;
  }

  bool run(std::uint64_t max_steps, std::int64_t deadline_ns) {
    if (decided) return true;
    for (std::uint64_t steps = 0; steps < max_steps; ++steps) {
      ++steps_taken;
      if (!active) {
        if (!begin_next_start()) return decide(SearchStatus::kNotLinearizable);
        active = true;
      }
      if (remaining == 0) {
        for (const Frame& frame : stack) {
          if (!frame.skipped) result.linearization.push_back(frame.op);
        }
        return decide(SearchStatus::kLinearizable);
      }
      if ((steps & 1023) == 1023) {
        if (deadline_ns != 0 && steady_now_ns() > deadline_ns) {
          result.exhausted = BudgetLimit::kTime;
          return decide(SearchStatus::kBudgetExhausted);
        }
        const std::size_t bytes = memory();
        result.peak_memory_bytes = std::max(result.peak_memory_bytes, bytes);
        if (memory_limit_bytes != 0 && bytes > memory_limit_bytes) {
          result.exhausted = BudgetLimit::kMemory;
          return decide(SearchStatus::kBudgetExhausted);
        }
      }
      if (entry != head && order.is_call_at[entry]) {
        // A candidate: required ops are tried first, optional ones in a second pass (so the
        // configurations with fewer optional ops, which cover the others, come first).
        const std::uint32_t op = order.op_at[entry];
        if (ops[op].optional == optional_pass) {
          State after = 0;
          if (machine.step(state, ops[op].op, &after)) {
            flip(op);
            if (cache->insert(set_hash ^ zobrist[op], after, bits.data())) {
              stack.push_back({op, false, state});
              state = after;
              set_hash ^= zobrist[op];
              if (!ops[op].optional) --remaining;
              lift(op);
              entry = next[head];
              optional_pass = false;
              continue;
            }
            flip(op);
          }
        }
        entry = next[entry];
        continue;
      }
      if (!optional_pass) {
        optional_pass = true;
        entry = next[head];
        continue;
      }
      // The first return in the list: its op is not linearized.
      if (entry != head) {
        const std::uint32_t op = order.op_at[entry];
        if (ops[op].optional) {
          // It may never take effect: pass over it (no memo check: the configuration after
          // the skip is covered by the current one, which is being explored right now).
          flip(op);
          stack.push_back({op, true, state});
          lift(op);
          entry = next[head];
          optional_pass = false;
          continue;
        }
        if (entry >= result.furthest_position) {
          result.furthest_position = entry;
          result.blocking_op = op;
        }
      }
      if (!backtrack()) active = false;
    }
    return false;
  }

  bool decide(SearchStatus status) {
    decided = true;
    result.status = status;
    return true;
  }

  std::size_t memory() const {
    return cache->bytes() + stack.capacity() * sizeof(Frame) + next.capacity() * 8 +
           order.op_at.capacity() * 8;
  }

  std::span<const SearchOp> ops;
  Machine& machine;
  std::vector<State> starts;
  std::size_t next_start = 0;
  std::size_t memory_limit_bytes;
  EventOrder order;
  std::uint32_t n;
  std::uint32_t head;
  std::vector<std::uint32_t> next;
  std::vector<std::uint32_t> prev;
  std::vector<std::uint32_t> bit_word;
  std::vector<std::uint64_t> bit_mask;
  std::vector<std::uint64_t> zobrist;
  std::vector<std::uint64_t> bits;
  std::unique_ptr<ConfigurationCache> cache;
  std::vector<Frame> stack;
  std::uint32_t required = 0;

  bool active = false;
  bool decided = false;
  std::uint64_t steps_taken = 0;
  State state = 0;
  std::uint64_t set_hash = 0;
  std::uint32_t remaining = 0;
  std::uint32_t entry = 0;
  bool optional_pass = false;
  SearchResult result;
};

LinearizationSearch::LinearizationSearch(std::span<const SearchOp> ops, Machine& machine,
                                         std::vector<State> initial_states,
                                         std::size_t memory_limit_bytes)
    : impl_(new Impl(ops, machine, std::move(initial_states), memory_limit_bytes)) {}

LinearizationSearch::~LinearizationSearch() { delete impl_; }

bool LinearizationSearch::run(std::uint64_t max_steps, std::int64_t deadline_ns) {
  return impl_->run(max_steps, deadline_ns);
}

bool LinearizationSearch::done() const { return impl_->decided; }

std::size_t LinearizationSearch::memory_bytes() const { return impl_->memory(); }

std::uint64_t LinearizationSearch::steps() const { return impl_->steps_taken; }

SearchResult LinearizationSearch::finish(bool collect_states) {
  SearchResult result = impl_->result;
  if (!impl_->decided) {
    result.status = SearchStatus::kBudgetExhausted;
    result.exhausted = BudgetLimit::kSteps;
  }
  result.steps = impl_->steps_taken;
  result.configurations = impl_->cache->size();
  result.peak_memory_bytes = std::max(result.peak_memory_bytes, impl_->memory());
  if (collect_states) {
    const Impl& impl = *impl_;
    std::vector<std::uint32_t> returns;  // positions of return events, in order
    for (std::uint32_t position = 0; position < impl.order.op_at.size(); ++position) {
      if (!impl.order.is_call_at[position]) returns.push_back(position);
    }
    const auto end_position = static_cast<std::uint32_t>(impl.order.op_at.size());
    impl.cache->for_each([&](State state, const std::uint64_t* bits) {
      std::uint32_t covers = end_position;
      for (const std::uint32_t position : returns) {
        const std::uint32_t op = impl.order.op_at[position];
        if (impl.ops[op].optional) continue;  // the memo keeps only required bits per state
        if ((bits[impl.bit_word[op]] & impl.bit_mask[op]) == 0) {
          covers = position;
          break;
        }
      }
      result.states.push_back({state, covers});
    });
    std::sort(result.states.begin(), result.states.end(),
              [](const SearchResult::ReachedState& a, const SearchResult::ReachedState& b) {
                return a.state != b.state ? a.state < b.state : a.covers_before > b.covers_before;
              });
    // One entry per state, with its furthest coverage.
    std::vector<SearchResult::ReachedState> unique;
    for (const SearchResult::ReachedState& reached : result.states) {
      if (unique.empty() || unique.back().state != reached.state) unique.push_back(reached);
    }
    result.states = std::move(unique);
  }
  return result;
}

SearchResult search_linearization(std::span<const SearchOp> ops, Machine& machine,
                                  std::span<const State> initial_states,
                                  const SearchBudget& budget, bool collect_states) {
  LinearizationSearch search(ops, machine,
                             std::vector<State>(initial_states.begin(), initial_states.end()),
                             budget.memory_limit_bytes);
  constexpr std::uint64_t kChunk = std::uint64_t{1} << 20;
  for (;;) {
    std::uint64_t chunk = kChunk;
    if (budget.max_steps != 0) {
      if (search.steps() >= budget.max_steps) break;  // finish() reports kBudgetExhausted
      chunk = std::min(chunk, budget.max_steps - search.steps());
    }
    if (search.run(chunk, budget.deadline_ns)) break;
  }
  return search.finish(collect_states);
}

}  // namespace grove::checkers
