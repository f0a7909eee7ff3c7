#include "scenarios/kv_check.h"

#include "checkers/model_registry.h"
#include "scenarios/runner.h"

namespace grove::scenarios {

KvCheck check_kv_history(const traces::History& history, std::uint64_t max_steps,
                         std::vector<Violation>& violations) {
  checkers::LinearizabilityOptions options;
  options.max_steps = max_steps;
  KvCheck check{checkers::check_linearizability(history, *checkers::find_model("kv"), options),
                RunVerdict::kPass, {}};
  if (!check.result.error.empty()) {
    // The history is grovesim's own: an output the model rejects (a cond-put reply other than
    // "ok" or "") is one no correct vKV could have given.
    check.verdict = RunVerdict::kFail;
    violations.push_back({"linearizability", "impossible-output", check.result.error});
  } else if (check.result.verdict == checkers::Verdict::kNotLinearizable) {
    check.verdict = RunVerdict::kFail;
    std::string message = "the client history is not linearizable";
    if (check.result.explanation) message += " (key \"" + check.result.explanation->key + "\")";
    violations.push_back({"linearizability", "not-linearizable", message});
  } else if (check.result.verdict == checkers::Verdict::kInconclusive) {
    check.verdict = RunVerdict::kInconclusive;
    check.inconclusive_reason = checkers::describe_exhaustion(check.result, options);
  }
  return check;
}

}  // namespace grove::scenarios
