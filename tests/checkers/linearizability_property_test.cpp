// Properties of the linearizability checker against an independent brute-force reference.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <functional>

#include "checkers/linearizability.h"
#include "checkers/model_registry.h"
#include "traces/history.h"

namespace grove::checkers {
namespace {

using traces::History;
using traces::Operation;

// The reference sequential specifications, written without the checker's models: the next
// state, or nullopt if the op's known output is impossible.
std::optional<std::string> reference_step(const std::string& state, const Operation& op) {
  const bool known = op.output.has_value();
  if (op.name == "read" || op.name == "get") {
    if (known && *op.output != state) return std::nullopt;
    return state;
  }
  if (op.name == "write" || op.name == "put") return op.input[0];
  if (op.name == "append") return state + op.input[0];
  // cas / cond-put: "ok" when the value matched.
  const bool matches = state == op.input[0];
  if (known && (*op.output == "ok") != matches) return std::nullopt;
  return matches ? op.input[1] : state;
}

// Tries every order allowed by real time (and every choice of which unknown ops take effect).
bool brute_force_linearizable(const History& history) {
  const std::size_t n = history.operations.size();
  std::vector<bool> placed(n, false);
  std::function<bool(const std::string&, std::size_t)> search =
      [&](const std::string& state, std::size_t required_left) -> bool {
    if (required_left == 0) return true;
    for (std::size_t i = 0; i < n; ++i) {
      if (placed[i]) continue;
      const Operation& candidate = history.operations[i];
      // Every required op that returned before this one was invoked must come first.
      bool allowed = true;
      for (std::size_t j = 0; j < n && allowed; ++j) {
        const Operation& other = history.operations[j];
        if (!placed[j] && other.output && other.return_ns < candidate.invoke_ns) allowed = false;
      }
      if (!allowed) continue;
      const std::optional<std::string> next = reference_step(state, candidate);
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
  return search("", required);
}

rc::Gen<std::string> small_value() { return rc::gen::element<std::string>("", "1", "2"); }

rc::Gen<Operation> random_operation(bool key_value) {
  return rc::gen::exec([key_value]() {
    Operation op;
    const int kind = *rc::gen::inRange(0, 3);
    op.client = *rc::gen::inRange<std::uint64_t>(0, 4);
    op.invoke_ns = *rc::gen::inRange<std::int64_t>(0, 30);
    op.return_ns = op.invoke_ns + *rc::gen::inRange<std::int64_t>(0, 12);
    if (kind == 0) {
      op.name = key_value ? "get" : "read";
      op.output = *small_value();
    } else if (kind == 1) {
      op.name = key_value ? *rc::gen::element<std::string>("put", "append") : "write";
      op.input = {*rc::gen::element<std::string>("1", "2")};
      op.output = "";
    } else {
      op.name = key_value ? "cond-put" : "cas";
      op.input = {*small_value(), *rc::gen::element<std::string>("1", "2")};
      op.output = *rc::gen::element<std::string>("ok", key_value ? "" : "fail");
    }
    if (*rc::gen::inRange(0, 5) == 0) {
      op.output.reset();  // unknown outcome
      if (*rc::gen::arbitrary<bool>()) op.return_ns = traces::kNoReturn;
    }
    return op;
  });
}

Verdict checker_verdict(const History& history, bool partition) {
  LinearizabilityOptions options;
  options.partition = partition;
  return check_linearizability(history, *find_model(history.model), options).verdict;
}

RC_GTEST_PROP(LinearizabilityProperty, AgreesWithBruteForceOnSmallRegisterHistories, ()) {
  History history;
  history.model = "cas-register";
  history.operations = *rc::gen::container<std::vector<Operation>>(
      *rc::gen::inRange<std::size_t>(0, 9), random_operation(false));
  const bool expected = brute_force_linearizable(history);
  RC_TAG(expected ? "linearizable" : "not linearizable");
  const Verdict verdict = checker_verdict(history, true);
  RC_ASSERT(verdict == (expected ? Verdict::kLinearizable : Verdict::kNotLinearizable));
}

RC_GTEST_PROP(LinearizabilityProperty, AgreesWithBruteForceOnSmallKeyValueHistories, ()) {
  History history;
  history.model = "kv";
  history.operations = *rc::gen::container<std::vector<Operation>>(
      *rc::gen::inRange<std::size_t>(0, 9), random_operation(true));
  const bool expected = brute_force_linearizable(history);
  RC_TAG(expected ? "linearizable" : "not linearizable");
  RC_ASSERT(checker_verdict(history, true) ==
            (expected ? Verdict::kLinearizable : Verdict::kNotLinearizable));
  RC_ASSERT(checker_verdict(history, false) ==
            (expected ? Verdict::kLinearizable : Verdict::kNotLinearizable));
}

// A random sequential execution, each op stretched into an interval around its linearization
// point, some outcomes forgotten: always linearizable, partitioned or not.
RC_GTEST_PROP(LinearizabilityProperty, StretchedSequentialExecutionsAreLinearizable, ()) {
  const std::size_t length = *rc::gen::inRange<std::size_t>(0, 60);
  const std::vector<std::string> keys = {"a", "b", "c"};
  std::map<std::string, std::string> store;
  History history;
  history.model = "kv";
  std::int64_t point = 0;
  for (std::size_t i = 0; i < length; ++i) {
    Operation op = *random_operation(true);
    op.key = *rc::gen::elementOf(keys);
    point += *rc::gen::inRange<std::int64_t>(1, 10);
    const std::string& state = store[op.key];
    if (op.name == "get") {
      op.output = state;
    } else if (op.name == "cond-put") {
      op.output = state == op.input[0] ? "ok" : "";
    } else {
      op.output = "";
    }
    store[op.key] = *reference_step(state, op);
    op.invoke_ns = point - *rc::gen::inRange<std::int64_t>(0, 25);
    op.return_ns = point + *rc::gen::inRange<std::int64_t>(0, 25);
    // A forgotten outcome: it took effect, but nobody knows (reads: nothing to forget).
    if (*rc::gen::inRange(0, 6) == 0) op.output.reset();
    history.operations.push_back(std::move(op));
  }
  RC_ASSERT(checker_verdict(history, true) == Verdict::kLinearizable);
  RC_ASSERT(checker_verdict(history, false) == Verdict::kLinearizable);
}

}  // namespace
}  // namespace grove::checkers
