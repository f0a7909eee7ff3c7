// PCT (sim/pct_policy.h): the highest-priority ready task runs; a change point demotes the task
// about to run below every initial priority; the same stream gives the same picks.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "sim/pct_policy.h"

namespace grove::sim {
namespace {

struct Tasks {
  explicit Tasks(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      owned.push_back(std::make_unique<Task>());
      owned.back()->id = i + 1;
      ready.push_back(owned.back().get());
    }
  }
  std::vector<std::unique_ptr<Task>> owned;
  std::vector<Task*> ready;
};

TEST(PctPolicy, WithoutChangePointsTheSameTaskWinsEveryContendedPick) {
  ChoiceSource source(7);
  PctPolicy policy(source.stream("pct"), {.depth = 1, .steps = 100});
  Tasks tasks(4);
  const std::size_t first = policy.pick(tasks.ready);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(policy.pick(tasks.ready), first);
  EXPECT_EQ(policy.contended_picks(), 51u);
  // The winner has the highest priority of all.
  for (Task* task : tasks.ready) EXPECT_LE(task->pct_priority, tasks.ready[first]->pct_priority);
}

TEST(PctPolicy, AChangePointDemotesTheTaskAboutToRun) {
  // depth 2, steps 1: the one change point falls on the first contended pick.
  ChoiceSource source(7);
  PctPolicy policy(source.stream("pct"), {.depth = 2, .steps = 1});
  Tasks tasks(3);
  ChoiceSource plain_source(7);
  PctPolicy plain(plain_source.stream("pct"), {.depth = 1, .steps = 1});
  Tasks plain_tasks(3);
  const std::size_t undisturbed = plain.pick(plain_tasks.ready);
  const std::size_t picked = policy.pick(tasks.ready);
  EXPECT_NE(picked, undisturbed) << "the would-be winner was demoted";
  EXPECT_EQ(tasks.ready[undisturbed]->pct_priority, 1u) << "below every initial priority";
  // From then on the demoted task loses every pick against the others.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(policy.pick(tasks.ready), picked);
}

TEST(PctPolicy, TheSameStreamGivesTheSamePicksAndAnotherSeedOthers) {
  auto picks = [](std::uint64_t seed) {
    ChoiceSource source(seed);
    PctPolicy policy(source.stream("pct"), {.depth = 3, .steps = 20});
    Tasks tasks(5);
    std::vector<std::size_t> out;
    for (int i = 0; i < 40; ++i) out.push_back(policy.pick(tasks.ready));
    return out;
  };
  EXPECT_EQ(picks(3), picks(3));
  bool differs = false;
  for (std::uint64_t seed = 4; seed < 12 && !differs; ++seed) differs = picks(seed) != picks(3);
  EXPECT_TRUE(differs);
}

TEST(ChoiceStream, ADecisionIsRecordedAndAReplayedListOverridesIt) {
  ChoiceSource recording(1);
  recording.record();
  EXPECT_EQ(recording.stream("schedule").decide(5, 3), 3u);
  EXPECT_EQ(recording.recorded().at("schedule"), std::vector<std::uint64_t>{3});
  ChoiceSource replaying(1);
  replaying.replay({{"schedule", {7}}});
  EXPECT_EQ(replaying.stream("schedule").decide(5, 3), 2u) << "the list's 7 mod 5";
  EXPECT_EQ(replaying.stream("schedule").decide(5, 3), 3u) << "past the list: the proposal";
  EXPECT_THROW(recording.stream("schedule").decide(5, 5), std::invalid_argument);
}

}  // namespace
}  // namespace grove::sim
