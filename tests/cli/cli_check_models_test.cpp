// `grovesim check` with Knossos's models: the help lists every model, the hand-written EDN
// histories (tests/checkers/testdata/edn) exit 0 or 1, bad input exits 2 with one line.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/cli/cli_test_util.h"

namespace grove::testing {
namespace {

const std::string kEdn = std::string(GROVE_SOURCE_DIR) + "/tests/checkers/testdata/edn/";

TEST(CliCheckModels, HelpListsEveryModel) {
  const CommandResult help = grovesim("check --help");
  EXPECT_EQ(help.exit_code, 0) << help.err;
  for (const char* model : {"register", "cas-register", "kv", "lock", "bank", "mutex", "set",
                            "unordered-queue", "fifo-queue", "multi-register"}) {
    EXPECT_NE(help.out.find(std::string("  ") + model + ": "), std::string::npos) << model;
  }
}

TEST(CliCheckModels, OkHistoriesExitZeroAndBadOnesOne) {
  for (const char* model :
       {"mutex", "set", "unordered-queue", "fifo-queue", "multi-register"}) {
    const std::string flags = std::string(" --format jepsen-edn --model ") + model;
    const CommandResult ok = grovesim("check " + kEdn + model + "-ok.edn" + flags);
    EXPECT_EQ(ok.exit_code, 0) << model << ": " << ok.out << ok.err;
    const CommandResult bad = grovesim("check " + kEdn + model + "-bad.edn" + flags);
    EXPECT_EQ(bad.exit_code, 1) << model << ": " << bad.out << bad.err;
    EXPECT_NE(bad.out.find("NOT LINEARIZABLE"), std::string::npos) << bad.out;
  }
}

TEST(CliCheckModels, MalformedSetReadsAndTxnsAreOneLineOfBadInput) {
  const auto dir = scratch_dir("check-models");
  const std::string set = (dir / "set.edn").string();
  std::ofstream(set) << "{:type :invoke :f :read :value nil :process 0}\n"
                        "{:type :ok :f :read :value 5 :process 0}\n";
  const std::string txn = (dir / "txn.edn").string();
  std::ofstream(txn) << "{:type :invoke :f :txn :value [[:read :x nil]] :process 0}\n"
                        "{:type :ok :f :txn :value [[:read :x nil] :process 0}\n";
  for (const auto& [path, model] : {std::pair{set, "set"}, std::pair{txn, "multi-register"}}) {
    const CommandResult check = grovesim("check " + path + " --format jepsen-edn --model " + model);
    EXPECT_EQ(check.exit_code, 2) << model << ": " << check.out;
    EXPECT_EQ(check.err.find('\n'), check.err.size() - 1) << check.err;
  }
}

}  // namespace
}  // namespace grove::testing
