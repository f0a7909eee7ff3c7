// Properties of the linearizability checker against an independent brute-force reference.
//
// The reference knows nothing of partitions: it keeps the whole map (key -> value) as one
// state and tries every order real time allows. The checker, partitioned per key and not, must
// agree with it on small histories over one to three keys, linearizable or not; and a step
// budget must either give the unbudgeted verdict or an inconclusive one, the same every time.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "checkers/linearizability.h"
#include "checkers/model_registry.h"
#include "traces/history.h"

namespace grove::checkers {
namespace {

using traces::History;
using traces::Operation;
using Store = std::map<std::string, std::string>;  // key -> value; missing keys read ""

// The reference sequential specifications, written without the checker's models: the next
// state of the op's key, or nullopt if the op's known output is impossible.
std::optional<std::string> reference_step(const std::string& value, const Operation& op) {
  const bool known = op.output.has_value();
  if (op.name == "read" || op.name == "get") {
    if (known && *op.output != value) return std::nullopt;
    return value;
  }
  if (op.name == "write" || op.name == "put" || op.name == "append") {
    if (known && !op.output->empty()) return std::nullopt;  // updates reply nothing
    return op.name == "append" ? value + op.input[0] : op.input[0];
  }
  // cas / cond-put: "ok" when the value matched.
  const bool matches = value == op.input[0];
  if (known && (*op.output == "ok") != matches) return std::nullopt;
  return matches ? op.input[1] : value;
}

// The latest time `op` may take effect: its return, or for an unknown outcome its deadline.
std::int64_t effect_end(const Operation& op) {
  return op.output ? op.return_ns : op.effect_deadline_ns;
}

// Tries every order allowed by real time (and every choice of which unknown ops take effect),
// over the whole map at once.
bool brute_force_linearizable(const History& history) {
  const std::size_t n = history.operations.size();
  std::vector<bool> placed(n, false);
  std::vector<std::size_t> order;
  std::function<bool(Store&, std::size_t)> search = [&](Store& store,
                                                        std::size_t required_left) -> bool {
    if (required_left == 0) return true;
    for (std::size_t i = 0; i < n; ++i) {
      if (placed[i]) continue;
      const Operation& candidate = history.operations[i];
      bool allowed = true;
      // Every required op that returned before this one was invoked must come first...
      for (std::size_t j = 0; j < n && allowed; ++j) {
        const Operation& other = history.operations[j];
        if (!placed[j] && other.output && other.return_ns < candidate.invoke_ns) allowed = false;
      }
      // ... and this one cannot come after an op invoked after it could last take effect.
      for (const std::size_t p : order) {
        if (history.operations[p].invoke_ns > effect_end(candidate)) allowed = false;
      }
      if (!allowed) continue;
      const std::string before = store[candidate.key];
      const std::optional<std::string> next = reference_step(before, candidate);
      if (!next) continue;
      placed[i] = true;
      order.push_back(i);
      store[candidate.key] = *next;
      const bool found = search(store, required_left - (candidate.output ? 1 : 0));
      store[candidate.key] = before;
      order.pop_back();
      placed[i] = false;
      if (found) return true;
    }
    return false;  // unknown ops never placed simply never took effect
  };
  std::size_t required = 0;
  for (const Operation& op : history.operations) required += op.output ? 1 : 0;
  Store store;
  return search(store, required);
}

rc::Gen<std::string> small_value() { return rc::gen::element<std::string>("", "1", "2"); }

// One random op on one of `keys`: times in a small window so that ops overlap a lot, outputs
// often wrong (so that many histories are not linearizable), sometimes unknown, sometimes with
// an effect deadline, rarely an impossible update reply.
rc::Gen<Operation> random_operation(bool key_value, std::vector<std::string> keys) {
  return rc::gen::exec([key_value, keys]() {
    Operation op;
    const int kind = *rc::gen::inRange(0, 3);
    op.client = *rc::gen::inRange<std::uint64_t>(0, 4);
    op.key = *rc::gen::elementOf(keys);
    op.invoke_ns = *rc::gen::inRange<std::int64_t>(0, 30);
    op.return_ns = op.invoke_ns + *rc::gen::inRange<std::int64_t>(0, 12);
    if (kind == 0) {
      op.name = key_value ? "get" : "read";
      op.output = *small_value();
    } else if (kind == 1) {
      op.name = key_value ? *rc::gen::element<std::string>("put", "append") : "write";
      op.input = {*rc::gen::element<std::string>("1", "2")};
      op.output = *rc::gen::inRange(0, 12) == 0 ? "1" : "";  // "1": a reply no update gives
    } else {
      op.name = key_value ? "cond-put" : "cas";
      op.input = {*small_value(), *rc::gen::element<std::string>("1", "2")};
      op.output = *rc::gen::element<std::string>("ok", key_value ? "" : "fail");
    }
    if (*rc::gen::inRange(0, 5) == 0) {
      op.output.reset();  // unknown outcome
      if (*rc::gen::arbitrary<bool>()) op.return_ns = traces::kNoReturn;
      if (*rc::gen::inRange(0, 3) == 0) {
        op.effect_deadline_ns = op.invoke_ns + *rc::gen::inRange<std::int64_t>(0, 20);
      }
    }
    return op;
  });
}

// One to three keys; a single-register history uses the key "".
rc::Gen<std::vector<std::string>> some_keys() {
  return rc::gen::exec([] {
    const std::vector<std::string> all = {"a", "b", "c"};
    const std::size_t count = *rc::gen::inRange<std::size_t>(1, 4);
    if (count == 1 && *rc::gen::arbitrary<bool>()) return std::vector<std::string>{""};
    return std::vector<std::string>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count));
  });
}

History small_history(const std::string& model, bool key_value) {
  History history;
  history.model = model;
  const std::vector<std::string> keys = *some_keys();
  history.operations = *rc::gen::container<std::vector<Operation>>(
      *rc::gen::inRange<std::size_t>(0, 9), random_operation(key_value, keys));
  return history;
}

LinearizabilityResult checker_result(const History& history, bool partition,
                                     std::uint64_t max_steps = 0) {
  LinearizabilityOptions options;
  options.partition = partition;
  options.max_steps = max_steps;
  options.explain = false;
  return check_linearizability(history, *find_model(history.model), options);
}

Verdict checker_verdict(const History& history, bool partition) {
  return checker_result(history, partition).verdict;
}

void tag(const History& history, bool expected) {
  std::set<std::string> keys;
  for (const Operation& op : history.operations) keys.insert(op.key);
  RC_TAG(expected ? "linearizable" : "not linearizable",
         keys.size() > 1 ? "several keys" : "one key");
}

// Partitioned and whole, against the whole-map brute force.
void check_against_brute_force(const History& history) {
  const bool expected = brute_force_linearizable(history);
  tag(history, expected);
  const Verdict wanted = expected ? Verdict::kLinearizable : Verdict::kNotLinearizable;
  RC_ASSERT(checker_verdict(history, true) == wanted);
  RC_ASSERT(checker_verdict(history, false) == wanted);
}

RC_GTEST_PROP(LinearizabilityProperty, AgreesWithBruteForceOnSmallRegisterHistories, ()) {
  check_against_brute_force(small_history("cas-register", false));
}

RC_GTEST_PROP(LinearizabilityProperty, AgreesWithBruteForceOnSmallKeyValueHistories, ()) {
  check_against_brute_force(small_history("kv", true));
}

// A random sequential execution over `keys`, each op stretched into an interval around its
// linearization point, some outcomes forgotten (those may be given a deadline after their
// linearization point): always linearizable.
History stretched_sequential_execution(std::size_t length, const std::vector<std::string>& keys) {
  Store store;
  History history;
  history.model = "kv";
  std::int64_t point = 0;
  for (std::size_t i = 0; i < length; ++i) {
    Operation op = *random_operation(true, keys);
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
    op.effect_deadline_ns = traces::kNoReturn;
    // A forgotten outcome: it took effect, but nobody knows (reads: nothing to forget).
    if (*rc::gen::inRange(0, 6) == 0) {
      op.output.reset();
      if (*rc::gen::arbitrary<bool>()) op.effect_deadline_ns = point + *rc::gen::inRange(0, 5);
    }
    history.operations.push_back(std::move(op));
  }
  return history;
}

const std::vector<std::string> kThreeKeys = {"a", "b", "c"};

RC_GTEST_PROP(LinearizabilityProperty, StretchedSequentialExecutionsAreLinearizable, ()) {
  const History history =
      stretched_sequential_execution(*rc::gen::inRange<std::size_t>(0, 60), kThreeKeys);
  RC_ASSERT(checker_verdict(history, true) == Verdict::kLinearizable);
  RC_ASSERT(checker_verdict(history, false) == Verdict::kLinearizable);
}

// Changes what one op observed (or wrote): often no longer linearizable.
void corrupt_one_operation(History& history) {
  if (history.operations.empty()) return;
  Operation& victim =
      history.operations[*rc::gen::inRange<std::size_t>(0, history.operations.size())];
  victim.effect_deadline_ns = traces::kNoReturn;
  if (victim.name == "get") {
    victim.output = *rc::gen::element<std::string>("", "1", "2", "12");
  } else if (victim.name == "cond-put") {
    victim.output = *rc::gen::element<std::string>("ok", "");
  } else {
    victim.input = {*rc::gen::element<std::string>("1", "2", "3")};
  }
}

// Small executions over one to three keys, half of them corrupted: random histories are
// rarely linearizable with several keys, these are often both.
RC_GTEST_PROP(LinearizabilityProperty, AgreesWithBruteForceOnSmallNearlyCorrectExecutions, ()) {
  History history =
      stretched_sequential_execution(*rc::gen::inRange<std::size_t>(1, 9), *some_keys());
  if (*rc::gen::arbitrary<bool>()) corrupt_one_operation(history);
  check_against_brute_force(history);
}

// Longer corrupted executions: too long for the brute force, so partitioned and whole are
// compared with each other.
RC_GTEST_PROP(LinearizabilityProperty, PartitionedAgreesWithWholeOnCorruptedExecutions, ()) {
  History history =
      stretched_sequential_execution(*rc::gen::inRange<std::size_t>(1, 30), kThreeKeys);
  corrupt_one_operation(history);
  const Verdict partitioned = checker_verdict(history, true);
  RC_TAG(partitioned == Verdict::kLinearizable ? "linearizable" : "not linearizable");
  RC_ASSERT(partitioned != Verdict::kInconclusive);
  RC_ASSERT(checker_verdict(history, false) == partitioned);
}

// A budget of N steps: the unbudgeted verdict when the check needs at most N steps, else
// inconclusive after exactly N; the same outcome on every run.
RC_GTEST_PROP(LinearizabilityProperty, StepBudgetGivesTheFullVerdictOrInconclusive, ()) {
  const bool key_value = *rc::gen::arbitrary<bool>();
  const History history = small_history(key_value ? "kv" : "cas-register", key_value);
  const bool partition = *rc::gen::arbitrary<bool>();
  const LinearizabilityResult full = checker_result(history, partition);
  RC_ASSERT(full.verdict != Verdict::kInconclusive);
  const std::uint64_t budget = *rc::gen::inRange<std::uint64_t>(1, full.steps + 5);
  const LinearizabilityResult first = checker_result(history, partition, budget);
  const LinearizabilityResult again = checker_result(history, partition, budget);
  RC_ASSERT(first.verdict == again.verdict);
  RC_ASSERT(first.steps == again.steps);
  if (budget >= full.steps) {
    RC_TAG("within budget");
    RC_ASSERT(first.verdict == full.verdict);
    RC_ASSERT(first.steps == full.steps);
  } else {
    RC_TAG("out of budget");
    RC_ASSERT(first.verdict == Verdict::kInconclusive);
    RC_ASSERT(first.exhausted == BudgetLimit::kSteps);
    RC_ASSERT(first.steps == budget);
  }
}

}  // namespace
}  // namespace grove::checkers
