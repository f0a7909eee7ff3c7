// Every history of Porcupine's test suite gets the verdict its EXPECTED.md states
// (tests/data/porcupine: Porcupine's own test data, MIT licence in its LICENSE.md; histories
// nobody on this project wrote).
#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>

#include "checkers/linearizability.h"
#include "checkers/model_registry.h"
#include "traces/history_format.h"

namespace grove::checkers {
namespace {

const std::string kData = std::string(GROVE_SOURCE_DIR) + "/tests/data/porcupine";

Verdict check_file(const std::string& path, bool partition, std::string* explanation = nullptr) {
  const traces::HistoryResult loaded = traces::load_history_file(path, std::nullopt);
  EXPECT_TRUE(loaded.ok()) << loaded.error.to_string();
  if (!loaded.ok()) return Verdict::kInconclusive;
  const std::string model_name = loaded.history->model.empty() ? "cas-register" : loaded.history->model;
  const Model* model = find_model(model_name);
  EXPECT_NE(model, nullptr);
  LinearizabilityOptions options;
  options.partition = partition;
  options.timeout_ns = 60'000'000'000;
  const LinearizabilityResult result = check_linearizability(*loaded.history, *model, options);
  EXPECT_TRUE(result.error.empty()) << result.error;
  if (explanation != nullptr && result.explanation) *explanation = result.explanation->text;
  if (result.verdict == Verdict::kNotLinearizable) {
    EXPECT_TRUE(result.explanation.has_value()) << path;
  }
  return result.verdict;
}

std::string etcd_path(int number) {
  char name[32];
  std::snprintf(name, sizeof name, "/jepsen/etcd_%03d.log", number);
  return kData + name;
}

TEST(PorcupineConformance, EveryEtcdLogGetsItsExpectedVerdict) {
  const std::set<int> linearizable = {2,  5,  7,  18, 25, 31, 38, 45, 48, 49,  51,  53,
                                      56, 67, 75, 76, 80, 87, 92, 98, 100, 101, 102, 95};
  int checked = 0;
  for (int number = 0; number <= 102; ++number) {
    const Verdict expected =
        linearizable.count(number) != 0 ? Verdict::kLinearizable : Verdict::kNotLinearizable;
    EXPECT_EQ(check_file(etcd_path(number), true), expected) << etcd_path(number);
    ++checked;
  }
  EXPECT_EQ(checked, 103);
}

TEST(PorcupineConformance, EmptyEtcdLogIsAnEmptyLinearizableHistory) {
  const traces::HistoryResult loaded = traces::load_history_file(etcd_path(95), std::nullopt);
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded.history->operations.empty());
  EXPECT_EQ(check_file(etcd_path(95), true), Verdict::kLinearizable);
}

TEST(PorcupineConformance, KvLogsPartitioned) {
  for (const char* clients : {"c01", "c10", "c50"}) {
    EXPECT_EQ(check_file(kData + "/kv/" + clients + "-ok.txt", true), Verdict::kLinearizable)
        << clients;
    EXPECT_EQ(check_file(kData + "/kv/" + clients + "-bad.txt", true), Verdict::kNotLinearizable)
        << clients;
  }
}

TEST(PorcupineConformance, KvLogsUnpartitionedForOneAndTenClients) {
  for (const char* clients : {"c01", "c10"}) {
    EXPECT_EQ(check_file(kData + "/kv/" + clients + "-ok.txt", false), Verdict::kLinearizable)
        << clients;
    EXPECT_EQ(check_file(kData + "/kv/" + clients + "-bad.txt", false), Verdict::kNotLinearizable)
        << clients;
  }
}

TEST(PorcupineConformance, ViolationIsExplainedWithTheFailingRead) {
  std::string explanation;
  ASSERT_EQ(check_file(etcd_path(0), true, &explanation), Verdict::kNotLinearizable);
  // etcd_000: client 11's read of 2 at [84, 85] is the first op that cannot be linearized.
  EXPECT_NE(explanation.find("#43 client 11: read() -> \"2\""), std::string::npos) << explanation;
  EXPECT_NE(explanation.find("Smallest window"), std::string::npos);
}

}  // namespace
}  // namespace grove::checkers
