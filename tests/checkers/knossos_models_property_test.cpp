// Knossos's models (mutex, set, unordered-queue, fifo-queue, multi-register) against an independent brute-force
// reference, like linearizability_property_test.cpp does for the register and kv models: small
// random histories over one or two keys, checked partitioned and whole, must get the verdict
// of trying every order real time allows.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <functional>
#include <map>

#include "checkers/linearizability.h"
#include "checkers/model_registry.h"
#include "traces/history.h"

namespace grove::checkers {
namespace {

using traces::History;
using traces::Operation;
using Elements = std::vector<std::string>;       // one key's collection, in the model's order
using Store = std::map<std::string, Elements>;  // key -> collection; missing keys are empty

// "[1 2]" -> {"1", "2"}: the generated reads only hold one-character elements.
Elements parse_read(const std::string& text) {
  Elements elements;
  for (const char c : text) {
    if (c != '[' && c != ']' && c != ' ' && c != '#' && c != '{' && c != '}') {
      elements.emplace_back(1, c);
    }
  }
  return elements;
}

// The reference sequential specifications, written without the checker's models: the next
// collection of the op's key, or nullopt if the op cannot take effect there.
std::optional<Elements> reference_step(const std::string& model, Elements elements,
                                       const Operation& op) {
  const bool known = op.output.has_value();
  const bool replied_nothing = !known || op.output->empty();
  if (model == "mutex") {
    const bool held = !elements.empty();
    if (!replied_nothing || held == (op.name == "acquire")) return std::nullopt;
    return held ? Elements{} : Elements{"held"};
  }
  if (model == "set") {
    std::sort(elements.begin(), elements.end());
    if (op.name == "read") {
      Elements seen = known ? parse_read(*op.output) : elements;
      std::sort(seen.begin(), seen.end());
      seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
      if (seen != elements) return std::nullopt;
      return elements;
    }
    if (!replied_nothing) return std::nullopt;
    if (!std::binary_search(elements.begin(), elements.end(), op.input[0])) {
      elements.push_back(op.input[0]);
      std::sort(elements.begin(), elements.end());
    }
    return elements;
  }
  // Queues: enqueue appends; a FIFO dequeue takes the head, an unordered one any element (an
  // unknown unordered dequeue never takes effect, as in Knossos).
  if (op.name == "enqueue") {
    if (!replied_nothing) return std::nullopt;
    elements.push_back(op.input[0]);
    return elements;
  }
  if (elements.empty()) {
    if (!replied_nothing) return std::nullopt;
    return elements;
  }
  if (model == "fifo-queue") {
    if (known && *op.output != elements.front()) return std::nullopt;
    elements.erase(elements.begin());
    return elements;
  }
  if (!known) return std::nullopt;
  const auto at = std::find(elements.begin(), elements.end(), *op.output);
  if (at == elements.end()) return std::nullopt;
  elements.erase(at);
  return elements;
}

// Tries every order allowed by real time (and every choice of which unknown ops take effect)
// from `initial`; `step` gives the state after op #i, or nullopt if it cannot take effect.
template <typename State>
bool brute_force_linearizable(
    const History& history, const State& initial,
    const std::function<std::optional<State>(const State&, std::size_t)>& step) {
  const std::size_t n = history.operations.size();
  std::vector<bool> placed(n, false);
  std::function<bool(const State&, std::size_t)> search = [&](const State& state,
                                                              std::size_t required_left) {
    if (required_left == 0) return true;
    for (std::size_t i = 0; i < n; ++i) {
      if (placed[i]) continue;
      const Operation& candidate = history.operations[i];
      bool allowed = true;
      for (std::size_t j = 0; j < n && allowed; ++j) {
        const Operation& other = history.operations[j];
        if (!placed[j] && other.output && other.return_ns < candidate.invoke_ns) allowed = false;
      }
      if (!allowed) continue;
      const std::optional<State> next = step(state, i);
      if (!next) continue;
      placed[i] = true;
      const bool found = search(*next, required_left - (candidate.output ? 1 : 0));
      placed[i] = false;
      if (found) return true;
    }
    return false;  // unknown ops never placed simply never took effect
  };
  std::size_t required = 0;
  for (const Operation& op : history.operations) required += op.output ? 1 : 0;
  return search(initial, required);
}

// The collection models' reference: one collection per key.
bool brute_force_linearizable(const History& history) {
  return brute_force_linearizable<Store>(
      history, Store{}, [&](const Store& store, std::size_t i) -> std::optional<Store> {
        const Operation& op = history.operations[i];
        const auto found = store.find(op.key);
        std::optional<Elements> next = reference_step(
            history.model, found == store.end() ? Elements{} : found->second, op);
        if (!next) return std::nullopt;
        Store changed = store;
        changed[op.key] = std::move(*next);
        return changed;
      });
}

rc::Gen<std::string> element() { return rc::gen::element<std::string>("1", "2", "3"); }

// A read's output: a few elements, in any order, as an EDN set or vector.
rc::Gen<std::string> some_read() {
  return rc::gen::exec([] {
    const auto elements = *rc::gen::container<std::vector<std::string>>(
        *rc::gen::inRange<std::size_t>(0, 4), element());
    std::string text = *rc::gen::arbitrary<bool>() ? "#{" : "[";
    for (std::size_t i = 0; i < elements.size(); ++i) text += (i > 0 ? " " : "") + elements[i];
    return text + (text[0] == '#' ? "}" : "]");
  });
}

// One random op of `model` on one of `keys`, times in a small window so that ops overlap;
// outputs often wrong, sometimes unknown, rarely a reply the op never gives.
rc::Gen<Operation> random_operation(std::string model, std::vector<std::string> keys) {
  return rc::gen::exec([model, keys]() {
    Operation op;
    op.client = *rc::gen::inRange<std::uint64_t>(0, 4);
    op.key = *rc::gen::elementOf(keys);
    op.invoke_ns = *rc::gen::inRange<std::int64_t>(0, 30);
    op.return_ns = op.invoke_ns + *rc::gen::inRange<std::int64_t>(0, 12);
    const bool update = *rc::gen::arbitrary<bool>();
    const std::string odd_reply = *rc::gen::inRange(0, 12) == 0 ? "ok" : "";
    if (model == "mutex") {
      op.name = update ? "acquire" : "release";
      op.output = odd_reply;
    } else if (model == "set") {
      op.name = update ? "add" : "read";
      if (update) op.input = {*element()};
      op.output = update ? odd_reply : *some_read();
    } else {
      op.name = update ? "enqueue" : "dequeue";
      if (update) op.input = {*element()};
      op.output = update ? odd_reply : *rc::gen::element<std::string>("", "1", "2", "3");
    }
    if (*rc::gen::inRange(0, 5) == 0) {
      op.output.reset();  // unknown outcome
      if (*rc::gen::arbitrary<bool>()) op.return_ns = traces::kNoReturn;
    }
    return op;
  });
}

History small_history(const std::string& model) {
  History history;
  history.model = model;
  const std::vector<std::string> keys =
      *rc::gen::element(std::vector<std::string>{""}, std::vector<std::string>{"a"},
                        std::vector<std::string>{"a", "b"});
  history.operations = *rc::gen::container<std::vector<Operation>>(
      *rc::gen::inRange<std::size_t>(0, 8), random_operation(model, keys));
  return history;
}

Verdict checker_verdict(const History& history, bool partition) {
  LinearizabilityOptions options;
  options.partition = partition;
  options.explain = false;
  return check_linearizability(history, *find_model(history.model), options).verdict;
}

void check_against_brute_force(const History& history) {
  const bool expected = brute_force_linearizable(history);
  RC_TAG(expected ? "linearizable" : "not linearizable");
  const Verdict wanted = expected ? Verdict::kLinearizable : Verdict::kNotLinearizable;
  RC_ASSERT(checker_verdict(history, true) == wanted);
  RC_ASSERT(checker_verdict(history, false) == wanted);
}

RC_GTEST_PROP(KnossosModelsProperty, MutexAgreesWithBruteForce, ()) {
  check_against_brute_force(small_history("mutex"));
}

RC_GTEST_PROP(KnossosModelsProperty, SetAgreesWithBruteForce, ()) {
  check_against_brute_force(small_history("set"));
}

RC_GTEST_PROP(KnossosModelsProperty, UnorderedQueueAgreesWithBruteForce, ()) {
  check_against_brute_force(small_history("unordered-queue"));
}

RC_GTEST_PROP(KnossosModelsProperty, FifoQueueAgreesWithBruteForce, ()) {
  check_against_brute_force(small_history("fifo-queue"));
}

// multi-register: txns of one to three micro-ops over registers x and y.
struct MicroOp {
  bool write = false;
  std::string key;
  std::string value;  // the written value, or the value the read observed ("": nil)
};
using Registers = std::map<std::string, std::string>;  // missing registers read ""

std::string txn_text(const std::vector<MicroOp>& txn, bool with_read_values) {
  std::string text = "[";
  for (const MicroOp& micro : txn) {
    const std::string value = micro.write || with_read_values ? micro.value : "";
    text += std::string(text.size() > 1 ? " " : "") + (micro.write ? "[:write " : "[:read ") +
            micro.key + " " + (value.empty() ? "nil" : value) + "]";
  }
  return text + "]";
}

// A history of random txns and, beside it, their micro-ops for the reference.
std::pair<History, std::vector<std::vector<MicroOp>>> small_txn_history() {
  History history;
  history.model = "multi-register";
  std::vector<std::vector<MicroOp>> txns;
  const std::size_t count = *rc::gen::inRange<std::size_t>(0, 7);
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<MicroOp> txn(*rc::gen::inRange<std::size_t>(1, 4));
    for (MicroOp& micro : txn) {
      micro.write = *rc::gen::arbitrary<bool>();
      micro.key = *rc::gen::element<std::string>(":x", ":y");
      micro.value = *rc::gen::element<std::string>(micro.write ? "1" : "", "1", "2");
    }
    Operation op;
    op.name = "txn";
    op.client = *rc::gen::inRange<std::uint64_t>(0, 4);
    op.invoke_ns = *rc::gen::inRange<std::int64_t>(0, 30);
    op.return_ns = op.invoke_ns + *rc::gen::inRange<std::int64_t>(0, 12);
    op.input = {txn_text(txn, false)};
    if (*rc::gen::inRange(0, 5) == 0) {
      if (*rc::gen::arbitrary<bool>()) op.return_ns = traces::kNoReturn;
    } else {
      op.output = txn_text(txn, true);
    }
    history.operations.push_back(std::move(op));
    txns.push_back(std::move(txn));
  }
  return {std::move(history), std::move(txns)};
}

RC_GTEST_PROP(KnossosModelsProperty, MultiRegisterAgreesWithBruteForce, ()) {
  const auto [history, txns] = small_txn_history();
  const bool expected = brute_force_linearizable<Registers>(
      history, Registers{},
      [&](const Registers& registers, std::size_t i) -> std::optional<Registers> {
        const bool observed = history.operations[i].output.has_value();
        Registers next = registers;
        for (const MicroOp& micro : txns[i]) {
          if (micro.write) {
            next[micro.key] = micro.value;
          } else if (observed && next[micro.key] != micro.value) {
            return std::nullopt;
          }
        }
        return next;
      });
  RC_TAG(expected ? "linearizable" : "not linearizable");
  const Verdict wanted = expected ? Verdict::kLinearizable : Verdict::kNotLinearizable;
  RC_ASSERT(checker_verdict(history, true) == wanted);
  RC_ASSERT(checker_verdict(history, false) == wanted);
}

}  // namespace
}  // namespace grove::checkers
