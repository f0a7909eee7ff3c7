// Strategies below `grovesim explore`: a PCT run is a valid, different run that its recorded
// schedule replays without the policy; run features; the guided corpus.
#include <gtest/gtest.h>

#include "scenarios/exploration/abstract_state.h"
#include "scenarios/exploration/dfs_guide.h"
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
      EXPECT_NE(a[i].seed, 1u) << "a mutant runs under a new seed";
    }
  }
  EXPECT_GT(mutants, 20u) << "three quarters are mutants once the corpus has an entry";
}

TEST(GuidedCorpus, ANudgeMovesAFaultTimeByAFractionOfItself) {
  // A fault time is a 52-bit uniform draw (scenarios/nemesis.cpp): a step of a few thousand
  // would move the fault by under a nanosecond.
  constexpr std::uint64_t kTime = std::uint64_t{3} << 50;
  GuidedCorpus corpus(5);
  corpus.add_run(corpus.next(1), {{"faults", {kTime}}}, {1});
  std::size_t nudges = 0;
  for (std::uint64_t i = 0; i < 400; ++i) {
    const SteeredInput input = corpus.next(100 + i);
    if (input.origin != "nudge") continue;
    ++nudges;
    const std::uint64_t moved = input.choices.at("faults").at(0);
    const std::uint64_t distance = moved > kTime ? moved - kTime : kTime - moved;
    EXPECT_GE(distance, kTime >> 24);
    EXPECT_LE(distance, kTime >> 1);
  }
  EXPECT_GT(nudges, 10u);
}

}  // namespace
}  // namespace grove::scenarios

namespace grove::scenarios {
namespace {

TEST(AbstractState, TimesDoNotMakeAStateNewButEpochsCrashesAndPartitionsDo) {
  using traces::TraceEvent;
  using traces::TraceField;
  using traces::TraceKind;
  auto lease = [](std::uint64_t epoch, std::uint64_t expiry) {
    AbstractState state;
    const TraceField fields[] = {{"epoch", epoch}, {"expiry_ns", expiry}};
    state.observe(TraceEvent{.kind = TraceKind::kGhost, .node = 2, .label = "lease_granted",
                             .fields = fields, .field_count = 2});
    return state;
  };
  EXPECT_EQ(lease(3, 100).hash(), lease(3, 999).hash()) << "an expiry is a time";
  EXPECT_NE(lease(3, 100).hash(), lease(4, 100).hash());
  AbstractState crashed = lease(3, 100);
  const std::uint64_t before = crashed.hash();
  crashed.observe(TraceEvent{.kind = TraceKind::kCrash, .node = 2});
  EXPECT_NE(crashed.hash(), before);
  crashed.observe(TraceEvent{.kind = TraceKind::kRestart, .node = 2});
  crashed.observe(TraceEvent{.kind = TraceKind::kPartition, .label = "isolate"});
  const std::uint64_t partitioned = crashed.hash();
  crashed.observe(TraceEvent{.kind = TraceKind::kHeal});
  EXPECT_NE(crashed.hash(), partitioned);
}

TEST(DfsGuide, FollowsItsSparsePrefixAndRecordsEveryBranchPoint) {
  AbstractState state;
  DfsGuide guide({{1, 2}, {3, 1}}, 2, state);
  EXPECT_EQ(guide.decide("net", 5), std::nullopt) << "only schedule and step_faults branch";
  EXPECT_EQ(guide.decide("schedule", 3), 0u);
  EXPECT_EQ(guide.decide("schedule", 3), 2u);
  EXPECT_EQ(guide.decide("step_faults", 4), 0u);
  EXPECT_EQ(guide.decide("schedule", 2), 1u);
  ASSERT_EQ(guide.points().size(), 4u);
  EXPECT_EQ(guide.points()[3].preemptions_used, 1) << "point 1 preempted";
  EXPECT_EQ(guide.points()[2].stream, BranchStream::kStepFaults);
  EXPECT_NE(pruning_key(guide.points()[0], 2), pruning_key(guide.points()[3], 2));
  DfsGuide mismatched({{0, 5}}, 2, state);
  EXPECT_THROW(mismatched.decide("schedule", 3), std::logic_error) << "the run is not the prefix's";
}

TEST(VkvSmall, TheDefaultPathIsAFaultFreePassAndEachStepFaultIsOneDecisionAway) {
  const Scenario small = load("vkv-small");
  AbstractState state;
  DfsGuide root({}, 2, state);
  RunRequest request;
  request.seed = 1;
  request.guide = &root;
  request.observer = [&state](const traces::TraceEvent& event) { state.observe(event); };
  const RunResult result = run_scenario(small, request);
  EXPECT_TRUE(result.passed()) << (result.violations.empty() ? "" : result.violations[0].message);
  EXPECT_EQ(result.ops_completed, 6u);
  std::size_t fault_points = 0;
  for (const BranchPoint& point : root.points()) {
    fault_points += point.stream == BranchStream::kStepFaults;
    EXPECT_EQ(point.value, 0u);
  }
  ASSERT_GT(fault_points, 10u);
  // Crash the first replica at the first fault point: a different run, still correct.
  std::uint64_t first_fault = 0;
  while (root.points()[first_fault].stream != BranchStream::kStepFaults) ++first_fault;
  AbstractState crash_state;
  DfsGuide crash({{first_fault, 1}}, 2, crash_state);
  request.guide = &crash;
  request.observer = [&crash_state](const traces::TraceEvent& event) { crash_state.observe(event); };
  const RunResult crashed = run_scenario(small, request);
  EXPECT_NE(crashed.trace_hash, result.trace_hash);
  EXPECT_TRUE(crashed.passed()) << (crashed.violations.empty() ? "" : crashed.violations[0].message);
}

}  // namespace
}  // namespace grove::scenarios
