// Porcupine kv logs are read directly when every line has Porcupine's exact shape, through the
// general EDN reader otherwise: both must give the same history (or the same error) for every
// text, starting with every Porcupine kv file.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "traces/history_format.h"
#include "traces/history_import.h"

namespace grove::traces {
namespace {

void expect_same(const HistoryResult& direct, const HistoryResult& edn, const std::string& what) {
  ASSERT_EQ(direct.ok(), edn.ok()) << what << ": " << direct.error.to_string() << " | "
                                   << edn.error.to_string();
  if (!direct.ok()) {
    EXPECT_EQ(direct.error.line, edn.error.line) << what;
    EXPECT_EQ(direct.error.message, edn.error.message) << what;
    return;
  }
  EXPECT_EQ(direct.history->model, edn.history->model) << what;
  const std::vector<Operation>& a = direct.history->operations;
  const std::vector<Operation>& b = edn.history->operations;
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string at = what + " op #" + std::to_string(i);
    EXPECT_EQ(a[i].client, b[i].client) << at;
    EXPECT_EQ(a[i].name, b[i].name) << at;
    EXPECT_EQ(a[i].key, b[i].key) << at;
    EXPECT_EQ(a[i].input, b[i].input) << at;
    EXPECT_EQ(a[i].output, b[i].output) << at;
    EXPECT_EQ(a[i].invoke_ns, b[i].invoke_ns) << at;
    EXPECT_EQ(a[i].return_ns, b[i].return_ns) << at;
    EXPECT_EQ(a[i].effect_deadline_ns, b[i].effect_deadline_ns) << at;
  }
}

void expect_same_both_ways(const std::string& text, const std::string& what) {
  expect_same(parse_porcupine_kv_log(text), parse_porcupine_kv_log_edn(text), what);
}

TEST(PorcupineKvDirect, EveryPorcupineKvFileReadsAsThroughEdn) {
  const std::filesystem::path folder =
      std::filesystem::path(GROVE_SOURCE_DIR) / "tests" / "data" / "porcupine" / "kv";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    std::string text;
    std::string error;
    ASSERT_TRUE(read_file(entry.path().string(), &text, &error)) << error;
    std::optional<History> direct = read_porcupine_kv_log_directly(text);
    ASSERT_TRUE(direct.has_value()) << entry.path() << " is not read directly";
    EXPECT_GT(direct->operations.size(), 10u);
    expect_same(HistoryResult::success(std::move(*direct)), parse_porcupine_kv_log_edn(text),
                entry.path().filename().string());
    ++files;
  }
  EXPECT_EQ(files, 6u);
}

TEST(PorcupineKvDirect, UnusualTextsReadAsThroughEdn) {
  const std::string invoke = "{:process 0, :type :invoke, :f :append, :key \"7\", :value \"x\"}\n";
  const std::string ok = "{:process 0, :type :ok, :f :append, :key \"7\", :value \"x\"}\n";
  const std::vector<std::string> texts = {
      "",
      "\n\n",
      invoke + ok,
      invoke + ok + "\n\n",
      invoke + "{:process 0, :type :fail, :f :append, :key \"7\", :value \"x\"}\n",
      invoke + "{:process 0, :type :info, :f :append, :key \"7\", :value \"x\"}\n",
      invoke,  // never completes
      // gets: nil invoke value, a returned value, a nil return (reads as "")
      "{:process 3, :type :invoke, :f :get, :key \"k\", :value nil}\n"
      "{:process 3, :type :ok, :f :get, :key \"k\", :value \"a b\"}\n"
      "{:process 3, :type :invoke, :f :get, :key nil, :value nil}\n"
      "{:process 3, :type :ok, :f :get, :key nil, :value nil}\n",
      "{:process 1, :type :invoke, :f :put, :key \"k\", :value nil}\n"
      "{:process 1, :type :ok, :f :put, :key \"k\", :value nil}",  // no final newline
      // the general reader's cases: escapes, another order, extra entries, a cas, a comment
      "{:process 0, :type :invoke, :f :put, :key \"k\", :value \"a\\\"b\"}\n",
      "{:type :invoke, :process 0, :f :put, :key \"k\", :value \"a\"}\n",
      "{:process 0, :type :invoke, :f :put, :key \"k\", :value \"a\", :time 5}\n",
      "{:process 0, :type :invoke, :f :cas, :key \"k\", :value [\"a\" \"b\"]}\n"
      "{:process 0, :type :ok, :f :cas, :key \"k\", :value [\"a\" \"b\"]}\n",
      "; a comment\n" + invoke + ok,
      invoke.substr(0, invoke.size() - 1) + " " + ok,  // two maps on a line
      "{:process 00, :type :invoke, :f :put, :key \"k\", :value \"a\"}\n",
      "{:process 0, :type :invoke, :f :put, :key 5, :value 6}\n",
      // errors: the general reader's messages and lines
      invoke + invoke,
      ok,
      "{:process 0, :type :begin, :f :put, :key \"k\", :value \"a\"}\n",
      "{:process 0, :type :invoke, :f :put, :key \"k\", :value \"a\"\n",
      "{:process 0, :type :invoke, :f :put, :value \"a\"}\n",
      "{:process -1, :type :invoke, :f :put, :key \"k\", :value \"a\"}\n",
      "{:process 99999999999, :type :invoke, :f :put, :key \"k\", :value \"a\"}\n",
      "{:process 0, :type :invoke, :f :put, :key \"k\", :value \"unterminated}\n",
  };
  std::size_t direct = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    expect_same_both_ways(texts[i], "text #" + std::to_string(i));
    if (read_porcupine_kv_log_directly(texts[i])) ++direct;
  }
  EXPECT_EQ(direct, 9u);  // the first nine texts have the strict shape
}

}  // namespace
}  // namespace grove::traces
