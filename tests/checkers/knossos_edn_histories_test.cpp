// Hand-written Jepsen EDN histories for Knossos's models (tests/checkers/testdata/edn: MODEL-ok
// and MODEL-bad) get their verdicts, partitioned and whole, through the EDN importer.
#include <gtest/gtest.h>

#include <string>

#include "checkers/linearizability.h"
#include "checkers/model_registry.h"
#include "traces/history_format.h"
#include "traces/history_import.h"

namespace grove::checkers {
namespace {

const std::string kEdn = std::string(GROVE_SOURCE_DIR) + "/tests/checkers/testdata/edn/";

// The verdict of checking FILE with `model_name` (the history's own suggestion if "").
Verdict check_file(const std::string& file, const std::string& model_name, bool partition) {
  const traces::HistoryResult loaded =
      traces::load_history_file(kEdn + file, traces::HistoryFormat::kJepsenEdn);
  EXPECT_TRUE(loaded.ok()) << loaded.error.to_string();
  if (!loaded.ok()) return Verdict::kInconclusive;
  const Model* model = find_model(model_name.empty() ? loaded.history->model : model_name);
  EXPECT_NE(model, nullptr) << file;
  if (model == nullptr) return Verdict::kInconclusive;
  LinearizabilityOptions options;
  options.partition = partition;
  const LinearizabilityResult result = check_linearizability(*loaded.history, *model, options);
  EXPECT_TRUE(result.error.empty()) << file << ": " << result.error;
  if (result.verdict == Verdict::kNotLinearizable) {
    EXPECT_TRUE(result.explanation.has_value()) << file;
  }
  return result.verdict;
}

void expect_ok_and_bad(const std::string& model) {
  for (const bool partition : {true, false}) {
    EXPECT_EQ(check_file(model + "-ok.edn", model, partition), Verdict::kLinearizable)
        << model << (partition ? " partitioned" : " whole");
    EXPECT_EQ(check_file(model + "-bad.edn", model, partition), Verdict::kNotLinearizable)
        << model << (partition ? " partitioned" : " whole");
  }
}

TEST(KnossosEdnHistories, Mutex) { expect_ok_and_bad("mutex"); }
TEST(KnossosEdnHistories, Set) { expect_ok_and_bad("set"); }
TEST(KnossosEdnHistories, UnorderedQueue) { expect_ok_and_bad("unordered-queue"); }
TEST(KnossosEdnHistories, FifoQueue) { expect_ok_and_bad("fifo-queue"); }
TEST(KnossosEdnHistories, MultiRegister) { expect_ok_and_bad("multi-register"); }

// Acquire/release, add and txn histories need no --model.
TEST(KnossosEdnHistories, MutexSetAndTxnHistoriesSuggestTheirModel) {
  EXPECT_EQ(check_file("mutex-bad.edn", "", true), Verdict::kNotLinearizable);
  EXPECT_EQ(check_file("set-bad.edn", "", true), Verdict::kNotLinearizable);
  EXPECT_EQ(check_file("multi-register-bad.edn", "", true), Verdict::kNotLinearizable);
}

// A string element with a quote and a space stays one element through the read's EDN text.
TEST(KnossosEdnHistories, SetElementsKeepTheirQuotesAndSpaces) {
  const traces::HistoryResult parsed = traces::parse_jepsen_edn(R"(
    {:type :invoke, :f :add, :value "a\" b", :process 0}
    {:type :ok, :f :add, :value "a\" b", :process 0}
    {:type :invoke, :f :read, :value nil, :process 0}
    {:type :ok, :f :read, :value #{"a\" b"}, :process 0})");
  ASSERT_TRUE(parsed.ok()) << parsed.error.to_string();
  EXPECT_EQ(check_linearizability(*parsed.history, *find_model("set")).verdict,
            Verdict::kLinearizable);
}

// The same history is fine for the unordered queue and not for the FIFO one.
TEST(KnossosEdnHistories, OrderIsWhatSetsTheQueuesApart) {
  EXPECT_EQ(check_file("fifo-queue-bad.edn", "unordered-queue", true), Verdict::kLinearizable);
}

}  // namespace
}  // namespace grove::checkers
