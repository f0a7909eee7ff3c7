// Replay files from anywhere: hostile JSON is a one-line error naming the file and position,
// never a crash (it used to be an uncaught exception or a stack overflow).
#include <gtest/gtest.h>

#include "traces/replay_file.h"

namespace grove::traces {
namespace {

TEST(ReplayFileHostileInput, NumberOverflowNamesTheFileAndPosition) {
  const ReplayLoad load = parse_replay_file("{\"seed\": 1e999}", "r.json");
  EXPECT_FALSE(load.replay);
  EXPECT_EQ(load.error, "r.json: line 1, column 10: invalid JSON: number overflow parsing '1e999'");
}

TEST(ReplayFileHostileInput, DeepNestingIsAnErrorNotAStackOverflow) {
  const ReplayLoad load =
      parse_replay_file("{\"scenario\": " + std::string(200000, '[') + "}", "r.json");
  EXPECT_FALSE(load.replay);
  EXPECT_EQ(load.error, "r.json: line 1, column 141: nested deeper than 128 levels");
}

TEST(ReplayFileHostileInput, SyntaxErrorsSayLineAndColumn) {
  const ReplayLoad load = parse_replay_file("{\n  \"seed\": ,\n}", "r.json");
  EXPECT_FALSE(load.replay);
  EXPECT_EQ(load.error.rfind("r.json: line 2, column 11: invalid JSON: ", 0), 0u) << load.error;
}

constexpr const char* kMinimal =
    R"({"format": "grovesim-replay", "seed": 3, "trace_hash": "ab", "scenario": {},)";

TEST(ReplayFileChoices, AChoiceListRoundTrips) {
  const ReplayLoad load = parse_replay_file(
      std::string(kMinimal) + R"( "choices": {"schedule": [0, 2, 1], "net": []}})", "r.json");
  ASSERT_TRUE(load.replay) << load.error;
  EXPECT_EQ(load.replay->choices.at("schedule"), (std::vector<std::uint64_t>{0, 2, 1}));
  const ReplayLoad again = parse_replay_file(replay_file_json(*load.replay), "again.json");
  ASSERT_TRUE(again.replay) << again.error;
  EXPECT_EQ(again.replay->choices, load.replay->choices);
}

TEST(ReplayFileChoices, ABadDecisionIsNamedByStreamAndPosition) {
  const ReplayLoad negative = parse_replay_file(
      std::string(kMinimal) + R"( "choices": {"schedule": [0, -1]}})", "r.json");
  EXPECT_FALSE(negative.replay);
  EXPECT_EQ(negative.error, "r.json: choices.schedule[1]: expected a non-negative integer");
  const ReplayLoad not_a_list =
      parse_replay_file(std::string(kMinimal) + R"( "choices": {"net": 4}})", "r.json");
  EXPECT_EQ(not_a_list.error, "r.json: choices.net: expected a list of non-negative integers");
}

}  // namespace
}  // namespace grove::traces

namespace grove::traces {
namespace {

// Messages shorten what they quote on character boundaries: never half a UTF-8 character.
TEST(ReplayFileHostileInput, ALongStreamNameIsCutOnACharacterBoundary) {
  std::string name;
  for (int i = 0; i < 30; ++i) name += "\xC3\xA9";  // "é" x 30: 60 bytes
  const ReplayLoad load = parse_replay_file(
      R"({"format": "grovesim-replay", "seed": 3, "trace_hash": "ab", "scenario": {}, "choices": {")" +
          name + R"(": 4}})",
      "r.json");
  ASSERT_FALSE(load.replay);
  EXPECT_EQ(load.error, "r.json: choices." + name.substr(0, 36) + "...: expected a list of non-negative integers");
}

}  // namespace
}  // namespace grove::traces
