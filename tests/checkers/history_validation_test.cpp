// One client's operations must not overlap: a history where they do is malformed.
#include "checkers/history_validation.h"

#include <gtest/gtest.h>

#include "tests/checkers/history_builder.h"

namespace grove::checkers {
namespace {

using testing::history_of;
using testing::op;

TEST(HistoryValidation, SequentialClientsPass) {
  const auto history = history_of("kv", {op(1, "put", "x", {"1"}, "", 0, 10),
                                         op(1, "get", "x", {}, "1", 10, 20),
                                         op(2, "get", "x", {}, "1", 5, 15)});
  EXPECT_EQ(find_client_overlap(history), std::nullopt);
}

TEST(HistoryValidation, AClientCallingBeforeItsLastCallReturnedIsNamed) {
  const auto history = history_of("kv", {op(1, "put", "x", {"1"}, "", 0, 10),
                                         op(1, "get", "x", {}, "1", 9, 20)});
  const std::optional<std::string> overlap = find_client_overlap(history);
  ASSERT_TRUE(overlap.has_value());
  EXPECT_NE(overlap->find("operation #1 of client 1"), std::string::npos) << *overlap;
  EXPECT_NE(overlap->find("before its operation #0"), std::string::npos) << *overlap;
}

TEST(HistoryValidation, ADuplicatedBlockOverlapsItself) {
  std::vector<traces::Operation> ops;
  for (int copy = 0; copy < 2; ++copy) {
    ops.push_back(op(1, "put", "x", {"1"}, "", 0, 10));
    ops.push_back(op(1, "get", "x", {}, "1", 20, 30));
  }
  EXPECT_TRUE(find_client_overlap(history_of("kv", ops)).has_value());
}

TEST(HistoryValidation, AnUnknownOutcomeEndsNothingSoTheClientMayCallAgain) {
  traces::Operation timed_out = op(1, "put", "x", {"1"}, "", 0, 10);
  timed_out.output.reset();
  timed_out.return_ns = traces::kNoReturn;
  const auto history = history_of("kv", {timed_out, op(1, "get", "x", {}, "1", 50, 60)});
  EXPECT_EQ(find_client_overlap(history), std::nullopt);
}

}  // namespace
}  // namespace grove::checkers
