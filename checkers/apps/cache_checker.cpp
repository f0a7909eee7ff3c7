#include "checkers/apps/cache_checker.h"

#include <algorithm>
#include <map>

#include "checkers/model_registry.h"

namespace grove::checkers::apps {

namespace {

void check_puts_against_leases(const CacheHistory& input, AppCheckResult& result) {
  const auto& ops = input.history.operations;
  // Leases by key, each with the return time of its GetAndCache.
  std::map<std::string, std::vector<const CacheLeaseGrant*>> grants_by_key;
  for (const CacheLeaseGrant& grant : input.grants) {
    if (grant.op < ops.size() && ops[grant.op].outcome_known()) {
      grants_by_key[ops[grant.op].key].push_back(&grant);
    }
  }
  std::size_t reported = 0;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const traces::Operation& put = ops[i];
    if (put.name != "put" || !put.outcome_known()) continue;
    const auto grants = grants_by_key.find(put.key);
    if (grants == grants_by_key.end()) continue;
    for (const CacheLeaseGrant* grant : grants->second) {
      const traces::Operation& granted = ops[grant->op];
      // The grant's CondPut took effect before the Put's: the Put must have waited it out.
      if (granted.return_ns < put.invoke_ns && put.return_ns < grant->lease_expiration_ns) {
        if (reported++ < AppCheckResult::kMaxPerRule) {
          result.violations.push_back(
              {"put-during-lease",
               {grant->op, i},
               "put of key " + quoted(put.key) + " by client " + std::to_string(put.client) +
                   " returned at " + std::to_string(put.return_ns) + " ns, before the lease " +
                   std::to_string(grant->lease_expiration_ns) + " ns granted to client " +
                   std::to_string(granted.client) + " (returned at " +
                   std::to_string(granted.return_ns) + " ns)"});
        }
        break;
      }
    }
  }
}

}  // namespace

AppCheckResult check_cache_freshness(const CacheHistory& input,
                                     const LinearizabilityOptions& options) {
  AppCheckResult result;
  result.checked = input.history.operations.size();
  check_puts_against_leases(input, result);

  const Model* kv = find_model("kv");
  const LinearizabilityResult linearizable = check_linearizability(input.history, *kv, options);
  result.search_steps = linearizable.steps;
  if (!linearizable.error.empty()) {
    result.violations.push_back({"cache-history-malformed", {}, linearizable.error});
  } else if (linearizable.verdict == Verdict::kInconclusive) {
    result.inconclusive = true;
    result.note = describe_exhaustion(linearizable, options);
  } else if (linearizable.verdict == Verdict::kNotLinearizable) {
    AppViolation violation{"cache-not-linearizable", {}, "cache-level history is not linearizable"};
    if (linearizable.explanation) {
      const Explanation& explanation = *linearizable.explanation;
      violation.ops.push_back(explanation.failing_op);
      const bool hit = std::find(input.cache_hits.begin(), input.cache_hits.end(),
                                 explanation.failing_op) != input.cache_hits.end();
      violation.message = describe_operation(input.history.operations[explanation.failing_op]) +
                          (hit ? " (served from a local cache)" : "") +
                          " cannot be linearized on key " + quoted(explanation.key);
      result.note = explanation.text;
    }
    result.violations.push_back(std::move(violation));
  }
  return result;
}

}  // namespace grove::checkers::apps
