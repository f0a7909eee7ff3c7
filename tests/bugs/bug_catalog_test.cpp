// The planted-bug catalogue (scenarios/bug_catalog.h): complete, consistent with the flags, and
// every expected scenario exists, so `grovesim hunt --all` can run every row.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/env/bugs.h"
#include "scenarios/bug_catalog.h"
#include "scenarios/scenario_json.h"

namespace grove::scenarios {
namespace {

TEST(BugCatalog, HasOneEntryPerFlagInFlagOrderPlusL6) {
  std::set<std::string> ids;
  std::size_t flags = 0;
  for (const BugInfo& bug : bug_catalog()) {
    EXPECT_TRUE(ids.insert(std::string(bug.id)).second) << "duplicate " << bug.id;
    if (!bug.flag) {
      EXPECT_EQ(bug.id, "L6") << "only L6 is a scenario without a flag";
      continue;
    }
    EXPECT_EQ(env::bug_name(*bug.flag), bug.id);
    EXPECT_EQ(static_cast<std::size_t>(*bug.flag), flags) << bug.id << " out of order";
    ++flags;
  }
  EXPECT_EQ(flags, static_cast<std::size_t>(env::Bug::kCount));
  EXPECT_EQ(find_bug("R7")->id, "R7");
  EXPECT_EQ(find_bug("R99"), nullptr);
}

TEST(BugCatalog, EveryEntrySaysWhatBreaksWhereAndWhoNotices) {
  for (const BugInfo& bug : bug_catalog()) {
    EXPECT_FALSE(bug.family.empty()) << bug.id;
    EXPECT_FALSE(bug.breaks.empty()) << bug.id;
    EXPECT_FALSE(bug.checker.empty()) << bug.id;
    const ScenarioLoad load = load_scenario(std::string(bug.scenario));
    EXPECT_TRUE(load.ok()) << bug.id << ": " << load.error;
    if (bug.id == "L6") {
      ASSERT_TRUE(load.ok());
      EXPECT_TRUE(load.scenario->expect_violations) << "L6 is the unsafe-clock self-test";
    }
  }
}

TEST(BugCatalog, L3IsTheOnlyNegativeControlAndA7TheOnlyLivenessBug) {
  for (const BugInfo& bug : bug_catalog()) {
    EXPECT_EQ(bug.negative_control, bug.id == "L3") << bug.id;
    EXPECT_EQ(bug.liveness_only, bug.id == "A7") << bug.id;
  }
}

TEST(BugCatalog, SafetyBugsAreFoundBySafetyCheckersOnly) {
  const BugInfo& r3 = *find_bug("R3");
  EXPECT_TRUE(finds(r3, {"replication", "acked-write-lost", ""}));
  EXPECT_TRUE(finds(r3, {"linearizability", "not-linearizable", ""}));
  EXPECT_FALSE(finds(r3, {"liveness", "no-progress-after-heal", ""}));
  EXPECT_FALSE(finds(r3, {"bank", "slow-operation", ""}));
  const BugInfo& a7 = *find_bug("A7");
  EXPECT_TRUE(finds(a7, {"bank", "slow-operation", ""}));
  EXPECT_TRUE(finds(a7, {"liveness", "no-progress-after-heal", ""}));
  EXPECT_FALSE(finds(a7, {"bank", "audit-total", ""}));
}

}  // namespace
}  // namespace grove::scenarios
