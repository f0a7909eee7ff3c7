#include "checkers/apps/bank_checker.h"

#include <map>

#include "checkers/apps/bank_history.h"
#include "checkers/model_registry.h"

namespace grove::checkers::apps {

namespace {

class Reporter {
 public:
  explicit Reporter(AppCheckResult& result) : result_(result) {}
  void add(const std::string& rule, std::vector<std::size_t> ops, std::string message) {
    if (counts_[rule]++ < AppCheckResult::kMaxPerRule) {
      result_.violations.push_back({rule, std::move(ops), std::move(message)});
    }
  }

 private:
  AppCheckResult& result_;
  std::map<std::string, std::size_t> counts_;
};

void check_audits(const traces::History& history, const BankCheckOptions& options,
                  Reporter& report) {
  std::size_t inits = 0;
  for (std::size_t i = 0; i < history.operations.size(); ++i) {
    const traces::Operation& op = history.operations[i];
    if (op.name == "init" && op.output == "ok" && ++inits > 1) {
      report.add("init-twice", {i}, describe_operation(op) + ": a second init took effect");
    }
    if (op.name != "audit" || !op.output || *op.output == kBankAborted) continue;
    const auto balances = parse_balances(*op.output);
    if (!balances) {
      report.add("audit-malformed", {i}, describe_operation(op));
      continue;
    }
    std::uint64_t sum = 0;
    for (const auto& [account, balance] : *balances) {
      sum += balance;
      if (balance > options.total) {
        report.add("balance-underflow", {i},
                   describe_operation(op) + ": " + account + " holds " + std::to_string(balance) +
                       ", above the total " + std::to_string(options.total));
      }
    }
    if (sum != options.total) {
      report.add("audit-total", {i},
                 describe_operation(op) + " at " + std::to_string(op.invoke_ns) + ".." +
                     std::to_string(op.return_ns) + " ns sums to " + std::to_string(sum) +
                     ", not " + std::to_string(options.total));
    }
  }
}

void check_liveness(const traces::History& history, const BankCheckOptions& options,
                    Reporter& report) {
  if (options.heal_ns >= 0) {
    bool audited = false;
    for (const traces::Operation& op : history.operations) {
      audited |= op.name == "audit" && op.invoke_ns >= options.heal_ns && op.output &&
                 *op.output != kBankAborted;
    }
    if (!audited) {
      report.add("no-audit-after-heal", {},
                 "no audit invoked after the heal at " + std::to_string(options.heal_ns) +
                     " ns completed: some account could not be locked again");
    }
  }
  if (options.progress_bound_ns > 0) {
    for (std::size_t i = 0; i < history.operations.size(); ++i) {
      const traces::Operation& op = history.operations[i];
      if (op.invoke_ns < options.bounded_from_ns) continue;
      const std::int64_t end_ns = op.outcome_known() ? op.return_ns : options.end_ns;
      if (end_ns != traces::kNoReturn && end_ns - op.invoke_ns > options.progress_bound_ns) {
        report.add("slow-operation", {i},
                   describe_operation(op) + " took " + std::to_string(end_ns - op.invoke_ns) +
                       " ns" + (op.outcome_known() ? "" : " and never returned") +
                       ", above the bound " + std::to_string(options.progress_bound_ns) + " ns");
      }
    }
  }
}

}  // namespace

AppCheckResult check_bank(const traces::History& history, const BankCheckOptions& options) {
  AppCheckResult result;
  result.checked = history.operations.size();
  Reporter report(result);
  check_audits(history, options, report);
  check_liveness(history, options, report);
  if (options.linearizability) {
    const LinearizabilityResult linearizable =
        check_linearizability(history, *find_model("bank"), options.linearizability_options);
    result.search_steps = linearizable.steps;
    if (!linearizable.error.empty()) {
      report.add("bank-history-malformed", {}, linearizable.error);
    } else if (linearizable.verdict == Verdict::kInconclusive) {
      result.inconclusive = true;
      result.note = describe_exhaustion(linearizable, options.linearizability_options);
    } else if (linearizable.verdict == Verdict::kNotLinearizable) {
      std::vector<std::size_t> ops;
      std::string message = "bank history is not linearizable";
      if (linearizable.explanation) {
        ops.push_back(linearizable.explanation->failing_op);
        message = describe_operation(history.operations[ops[0]]) + " cannot be linearized";
        result.note = linearizable.explanation->text;
      }
      report.add("bank-not-linearizable", std::move(ops), std::move(message));
    }
  }
  return result;
}

}  // namespace grove::checkers::apps
