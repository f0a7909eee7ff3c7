// The harness's power, pinned: one representative planted bug per family (protocol.md §8.2) is
// caught on a fixed seed of its expected scenario by the expected checker, and the same seed
// without the bug passes, so the finding is the bug's doing. The seeds are the first finding
// seeds of `grovesim hunt` (docs/bugs.md); a change that makes the harness blind to one of
// these bugs fails here. L3, the negative control, must stay unflagged.
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
  std::uint64_t seed;
  const char* checker;  // expected to fire (among possibly others)
};

// Readable parameters in test listings: "R3 seed 6".
void PrintTo(const Case& c, std::ostream* out) { *out << c.bug << " seed " << c.seed; }

std::string describe(const RunResult& result) {
  std::string text;
  for (const auto& violation : result.violations) {
    text += violation.checker + "/" + violation.rule + ": " + violation.message.substr(0, 200) + "\n";
  }
  return text;
}

RunResult run(const BugInfo& bug, std::uint64_t seed, bool planted) {
  const ScenarioLoad load = load_scenario(std::string(bug.scenario));
  EXPECT_TRUE(load.ok()) << load.error;
  RunRequest request;
  request.seed = seed;
  if (planted && bug.flag) request.bugs.enable(*bug.flag);
  return run_scenario(*load.scenario, request);
}

class PlantedBug : public ::testing::TestWithParam<Case> {};

TEST_P(PlantedBug, IsCaughtByItsCheckerAndOnlyWhenPlanted) {
  const Case& c = GetParam();
  const BugInfo* bug = find_bug(c.bug);
  ASSERT_NE(bug, nullptr);
  const RunResult with_bug = run(*bug, c.seed, true);
  bool found = false, by_checker = false;
  for (const Violation& violation : with_bug.violations) {
    found = found || finds(*bug, violation);
    by_checker = by_checker || (finds(*bug, violation) && violation.checker == c.checker);
  }
  EXPECT_TRUE(found) << c.bug << " seed " << c.seed << " not found:\n" << describe(with_bug);
  EXPECT_TRUE(by_checker) << c.bug << ": expected " << c.checker << " to fire:\n" << describe(with_bug);
  const RunResult without = run(*bug, c.seed, false);
  EXPECT_TRUE(without.passed()) << "seed " << c.seed << " fails without the bug:\n" << describe(without);
}

INSTANTIATE_TEST_SUITE_P(
    OnePerFamily, PlantedBug,
    ::testing::Values(Case{"R3", 6, "replication"},      // replication: ack before durable
                      Case{"C3", 1, "lease"},            // reconfiguration: reservation ignored
                      Case{"L1", 2, "lease"},            // leases: no expiry check
                      Case{"P2", 9, "lease"},            // Paxos: leader keeps its own state
                      Case{"S1", 20, "replication"},     // storage: seal not waited for
                      Case{"E1", 2, "linearizability"},  // exactly-once: tables not in snapshot
                      Case{"A4", 1, "lock"},             // application: blind Put for a lock
                      Case{"A7", 1, "bank"}),            // liveness: lock-order deadlock
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.bug); });

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
