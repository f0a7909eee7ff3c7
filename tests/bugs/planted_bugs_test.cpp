// The harness's power: representative planted bugs (protocol.md §8.2), one or more per family
// and one for each rule that only a grovesim-own bug exercises, are found within a few seeds of
// their expected scenario by the expected checker, and the finding seed passes without the bug,
// so the finding is the bug's doing. A harmless scheduling change may move the first finding
// seed; only a change that makes the harness blind (or much slower to see) fails here. L3, the
// negative control, must stay unflagged.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "scenarios/bug_catalog.h"
#include "scenarios/runner.h"
#include "scenarios/scenario_json.h"

namespace grove::scenarios {
namespace {

struct Case {
  const char* bug;
  std::uint64_t within_seeds;  // found by one of seeds 1..within_seeds
  const char* checker;         // expected to fire (among possibly others)
  const char* scenario = "";   // "": the bug's own (focused) scenario; else e.g. a generic one
};

// Readable parameters in test listings: "R3 within 20 seeds".
void PrintTo(const Case& c, std::ostream* out) {
  *out << c.bug << " within " << c.within_seeds << " seeds";
  if (*c.scenario != '\0') *out << " of " << c.scenario;
}

std::string describe(const RunResult& result) {
  std::string text;
  for (const auto& violation : result.violations) {
    text += violation.checker + "/" + violation.rule + ": " + violation.message.substr(0, 200) + "\n";
  }
  return text;
}

RunResult run(const BugInfo& bug, std::uint64_t seed, bool planted, std::string_view scenario = "") {
  const ScenarioLoad load = load_scenario(std::string(scenario.empty() ? bug.scenario : scenario));
  EXPECT_TRUE(load.ok()) << load.error;
  RunRequest request;
  request.seed = seed;
  if (planted && bug.flag) request.bugs.enable(*bug.flag);
  return run_scenario(*load.scenario, request);
}

class PlantedBug : public ::testing::TestWithParam<Case> {};

TEST_P(PlantedBug, IsFoundByItsCheckerWithinAFewSeedsAndOnlyWhenPlanted) {
  const Case& c = GetParam();
  const BugInfo* bug = find_bug(c.bug);
  ASSERT_NE(bug, nullptr);
  std::string last;
  for (std::uint64_t seed = 1; seed <= c.within_seeds; ++seed) {
    const RunResult with_bug = run(*bug, seed, true, c.scenario);
    bool by_checker = false;
    for (const Violation& violation : with_bug.violations) {
      by_checker = by_checker || (finds(*bug, violation) && violation.checker == c.checker);
    }
    if (!by_checker) {
      last = describe(with_bug);
      continue;
    }
    const RunResult without = run(*bug, seed, false, c.scenario);
    EXPECT_TRUE(without.passed()) << "finding seed " << seed << " fails without the bug:\n"
                              << describe(without);
    return;
  }
  ADD_FAILURE() << c.bug << ": " << c.checker << " did not fire within " << c.within_seeds
                << " seeds; the last seed reported:\n" << last;
}

INSTANTIATE_TEST_SUITE_P(
    OnePerFamily, PlantedBug,
    ::testing::Values(Case{"R3", 40, "replication"},      // replication: ack before durable
                      Case{"R12", 20, "replication"},     // sealed-state-mismatch
                      Case{"C3", 20, "config"},           // reconfiguration: reservation ignored
                      Case{"L1", 20, "lease"},            // leases: no expiry check
                      Case{"P2", 60, "paxos"},            // Paxos: leader keeps its own state
                      Case{"P5", 40, "paxos"},            // paxos-promise-lost
                      Case{"S1", 80, "replication"},      // storage: seal not waited for
                      Case{"E1", 20, "exactly-once"},     // exactly-once: tables not in snapshot
                      Case{"E4", 40, "exactly-once"},     // duplicate-reply-differs
                      Case{"A4", 20, "lock"},             // application: blind Put for a lock
                      Case{"A7", 20, "bank"},             // liveness: lock-order deadlock
                      // ... and in the generic bank swarm, by its fault-free steady round
                      Case{"A7", 20, "bank", "bank"}),
    [](const ::testing::TestParamInfo<Case>& info) {
      return std::string(info.param.bug) + (*info.param.scenario == '\0' ? "" : "_generic");
    });

TEST(NegativeControl, L3StaysUnflagged) {
  const BugInfo* l3 = find_bug("L3");
  ASSERT_NE(l3, nullptr);
  ASSERT_TRUE(l3->negative_control);
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const RunResult result = run(*l3, seed, true);
    EXPECT_TRUE(result.passed()) << "seed " << seed << ":\n" << describe(result);
  }
}

}  // namespace
}  // namespace grove::scenarios
