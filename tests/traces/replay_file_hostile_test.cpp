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

}  // namespace
}  // namespace grove::traces
