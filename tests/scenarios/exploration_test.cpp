// Strategies below `grovesim explore`: a PCT run is a valid, different run that its recorded
// schedule replays without the policy; run features; the guided corpus.
#include <gtest/gtest.h>

#include "scenarios/exploration/guided_corpus.h"
#include "scenarios/exploration/run_features.h"
#include "scenarios/runner.h"
#include "scenarios/scenario_json.h"

namespace grove::scenarios {
namespace {

Scenario load(const std::string& name) {
  const ScenarioLoad load = load_scenario(name);
  EXPECT_TRUE(load.ok()) << load.error;
  return *load.scenario;
}

TEST(PctRuns, APctRunIsAnotherValidRunAndItsScheduleReplaysItWithoutPct) {
  const Scenario vkv = load("vkv");
  RunRequest plain;
  plain.seed = 3;
  const RunResult random = run_scenario(vkv, plain);
  RunRequest pct = plain;
  pct.pct = {.depth = 3, .steps = random.contended_picks};
  pct.record_choices = true;
  const RunResult prioritized = run_scenario(vkv, pct);
  EXPECT_TRUE(prioritized.passed()) << (prioritized.violations.empty() ? "" : prioritized.violations[0].message);
  EXPECT_NE(prioritized.trace_hash, random.trace_hash);
  EXPECT_GT(prioritized.contended_picks, 0u);
  // The schedule alone (the other streams from the seed) reproduces the PCT run.
  const sim::ChoiceLog schedule{{"schedule", prioritized.choices.at("schedule")}};
  RunRequest replay = plain;
  replay.choices = &schedule;
  EXPECT_EQ(run_scenario(vkv, replay).trace_hash, prioritized.trace_hash);
}

TEST(PctRuns, AppScenariosTakeThePolicyToo) {
  const Scenario bank = load("bank");
  RunRequest plain;
  plain.seed = 2;
  const RunResult random = run_scenario(bank, plain);
  RunRequest pct = plain;
  pct.pct = {.depth = 2, .steps = 100};
  const RunResult prioritized = run_scenario(bank, pct);
  EXPECT_NE(prioritized.trace_hash, random.trace_hash);
  EXPECT_TRUE(prioritized.passed());
}

TEST(RunFeatures, CountBucketsAreAfls) {
  EXPECT_EQ(count_bucket(1), 0);
  EXPECT_EQ(count_bucket(3), 2);
  EXPECT_EQ(count_bucket(4), 3);
  EXPECT_EQ(count_bucket(7), 3);
  EXPECT_EQ(count_bucket(8), 4);
  EXPECT_EQ(count_bucket(127), 6);
  EXPECT_EQ(count_bucket(128), 7);
}

TEST(RunFeatures, StepPairsFaultsAndMarksAreFeatures) {
  using traces::TraceEvent;
  using traces::TraceKind;
  auto features_of = [](bool crash_first) {
    RunFeatures features;
    if (crash_first) features.observe(TraceEvent{.kind = TraceKind::kCrash, .node = 1});
    features.observe(TraceEvent{.kind = TraceKind::kGhost, .node = 0, .label = "apply_acked"});
    features.observe(TraceEvent{.kind = TraceKind::kGhost, .node = 0, .label = "seal"});
    return features.finish({{"mark", 2}}, {});
  };
  const std::vector<std::uint64_t> plain = features_of(false);
  EXPECT_EQ(plain.size(), 3u) << "two step pairs and a mark";
  EXPECT_EQ(features_of(false), plain) << "the same run, the same features";
  EXPECT_EQ(features_of(true).size(), 4u) << "plus what followed the crash";
}

TEST(GuidedCorpus, OnlyRunsWithNewFeaturesJoinAndInputsAreDeterministic) {
  auto drive = [] {
    GuidedCorpus corpus(11);
    SteeredInput first = corpus.next(1);
    EXPECT_EQ(first.seed, 1u);
    EXPECT_FALSE(first.parent) << "an empty corpus gives fresh seeds";
    EXPECT_EQ(corpus.add_run(first, {{"faults", {5, 6, 7}}, {"swarm", {1, 0}}, {"net", {9}}}, {1, 2, 3}), 3u);
    EXPECT_EQ(corpus.add_run(first, {{"faults", {5}}}, {2, 3}), 0u);
    EXPECT_EQ(corpus.size(), 1u);
    EXPECT_EQ(corpus.features(), 3u);
    std::vector<SteeredInput> inputs;
    for (std::uint64_t i = 0; i < 40; ++i) inputs.push_back(corpus.next(100 + i));
    return inputs;
  };
  const std::vector<SteeredInput> a = drive(), b = drive();
  ASSERT_EQ(a.size(), b.size());
  std::size_t mutants = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].seed, b[i].seed);
    EXPECT_EQ(a[i].choices, b[i].choices);
    EXPECT_EQ(a[i].origin, b[i].origin);
    if (a[i].parent) {
      ++mutants;
      EXPECT_FALSE(a[i].choices.contains("net")) << "only the steered streams are kept";
      EXPECT_NE(a[i].origin, "seed");
    }
  }
  EXPECT_GT(mutants, 20u) << "three quarters are mutants once the corpus has an entry";
}

}  // namespace
}  // namespace grove::scenarios
