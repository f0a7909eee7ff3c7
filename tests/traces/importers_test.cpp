#include <gtest/gtest.h>

#include "traces/history_format.h"
#include "traces/history_import.h"

namespace grove::traces {
namespace {

TEST(PorcupineEtcd, ReadsInvocationsCompletionsAndUnknownOutcomes) {
  const HistoryResult parsed = parse_porcupine_etcd_log(
      "INFO  jepsen.util - 4\t:invoke\t:read\tnil\n"
      "INFO  jepsen.util - 4\t:ok\t:read\tnil\n"
      "INFO  jepsen.util - 1   :invoke :cas    [1 2]\n"
      "INFO  jepsen.util - 2\t:invoke\t:write\t3\n"
      "INFO  jepsen.util - 1   :fail   :cas    [1 2]\n"
      "INFO  jepsen.util - 2\t:info\t:write\t:timed-out\n"
      "INFO  jepsen.util - 5\t:invoke\t:cas\t[3 4]\n");
  ASSERT_TRUE(parsed.ok()) << parsed.error.to_string();
  const auto& ops = parsed.history->operations;
  ASSERT_EQ(ops.size(), 4u);
  EXPECT_EQ(parsed.history->model, "cas-register");
  EXPECT_EQ(ops[0].name, "read");
  EXPECT_EQ(ops[0].output, "");
  EXPECT_EQ(ops[0].invoke_ns, 0);
  EXPECT_EQ(ops[0].return_ns, 1);
  EXPECT_EQ(ops[1].input, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(ops[1].output, "fail");  // an observation, not a non-event
  EXPECT_FALSE(ops[2].output.has_value());
  EXPECT_EQ(ops[2].return_ns, 5);
  EXPECT_FALSE(ops[3].output.has_value());
  EXPECT_EQ(ops[3].return_ns, kNoReturn);
}

TEST(PorcupineEtcd, MalformedLinesGiveTheLine) {
  const HistoryResult bad = parse_porcupine_etcd_log(
      "INFO  jepsen.util - 4\t:invoke\t:read\tnil\n\nINFO  jepsen.util - x :ok :read 1\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error.line, 3u);
  EXPECT_FALSE(parse_porcupine_etcd_log("INFO  jepsen.util - 1 :ok :read 1\n").ok());
  EXPECT_FALSE(parse_porcupine_etcd_log("hello world\n").ok());
  EXPECT_FALSE(parse_porcupine_etcd_log("INFO  jepsen.util - 1 :invoke :cas [1]\n").ok());
}

TEST(PorcupineKv, ReadsKeysAndValues) {
  const HistoryResult parsed = parse_porcupine_kv_log(
      "{:process 0, :type :invoke, :f :append, :key \"7\", :value \"x 0 0 y\"}\n"
      "{:process 1, :type :invoke, :f :get, :key \"7\", :value nil}\n"
      "{:process 0, :type :ok, :f :append, :key \"7\", :value \"x 0 0 y\"}\n"
      "{:process 1, :type :ok, :f :get, :key \"7\", :value \"x 0 0 y\"}\n");
  ASSERT_TRUE(parsed.ok()) << parsed.error.to_string();
  const auto& ops = parsed.history->operations;
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(parsed.history->model, "kv");
  EXPECT_EQ(ops[0].key, "7");
  EXPECT_EQ(ops[0].input, std::vector<std::string>{"x 0 0 y"});
  EXPECT_EQ(ops[1].output, "x 0 0 y");
  EXPECT_EQ(ops[1].return_ns, 3);
}

TEST(JepsenEdn, ReadsAVectorOfCasRegisterOps) {
  const HistoryResult parsed = parse_jepsen_edn(R"([
    {:type :invoke, :f :write, :value 3, :process 0, :time 10}
    {:type :invoke, :f :cas, :value [3 4], :process 1}
    {:type :info, :f :start, :process :nemesis, :value nil}
    {:type :ok, :f :write, :value 3, :process 0}
    {:type :fail, :f :cas, :value [3 4], :process 1}
    {:type :invoke, :f :read, :value nil, :process 0}
    {:type :ok, :f :read, :value 3, :process 0} ; a comment
    {:type :invoke, :f :cas, :value [3 5], :process 2}
    {:type :info, :f :cas, :value [3 5], :process 2, :error :timeout}
  ])");
  ASSERT_TRUE(parsed.ok()) << parsed.error.to_string();
  const auto& ops = parsed.history->operations;
  ASSERT_EQ(ops.size(), 3u);  // the failed cas did not happen (Knossos semantics)
  EXPECT_EQ(parsed.history->model, "cas-register");
  EXPECT_EQ(ops[0].input, std::vector<std::string>{"3"});
  EXPECT_EQ(ops[1].output, "3");
  EXPECT_EQ(ops[2].input, (std::vector<std::string>{"3", "5"}));
  EXPECT_FALSE(ops[2].output.has_value());
}

TEST(JepsenEdn, ReadsASequenceOfKeyValueTuples) {
  const HistoryResult parsed = parse_jepsen_edn(
      "{:process 0 :type :invoke :f :write :value [:x 1]}\n"
      "{:process 0 :type :ok :f :write :value [:x 1]}\n"
      "{:process 1 :type :invoke :f :read :value [:x nil]}\n"
      "{:process 1 :type :ok :f :read :value [:x 1]}\n"
      "{:process 2 :type :invoke :f :cas :value #jepsen.independent.Tuple{:key :y :value [1 2]}}\n"
      "{:process 2 :type :ok :f :cas :value #jepsen.independent.Tuple{:key :y :value [1 2]}}\n");
  ASSERT_TRUE(parsed.ok()) << parsed.error.to_string();
  const auto& ops = parsed.history->operations;
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0].key, ":x");
  EXPECT_EQ(ops[1].key, ":x");
  EXPECT_EQ(ops[1].output, "1");
  EXPECT_EQ(ops[2].key, ":y");
  EXPECT_EQ(ops[2].input, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(ops[2].output, "ok");
}

// Knossos's mutex, set and queue ops: acquire/release carry nothing, an add its value, a set
// read the whole set (kept as EDN text for the set model to read), a dequeue what it took.
TEST(JepsenEdn, ReadsMutexSetAndQueueOps) {
  const HistoryResult mutex = parse_jepsen_edn(
      "{:process 0 :type :invoke :f :acquire :value nil}\n"
      "{:process 0 :type :ok :f :acquire :value nil}\n");
  ASSERT_TRUE(mutex.ok()) << mutex.error.to_string();
  EXPECT_EQ(mutex.history->model, "mutex");
  EXPECT_TRUE(mutex.history->operations[0].input.empty());
  EXPECT_EQ(mutex.history->operations[0].output, "");

  const HistoryResult set = parse_jepsen_edn(
      "{:process 0 :type :invoke :f :add :value \"a\"}\n"
      "{:process 0 :type :ok :f :add :value \"a\"}\n"
      "{:process 0 :type :invoke :f :read :value nil}\n"
      "{:process 0 :type :ok :f :read :value #{\"a\" 2}}\n");
  ASSERT_TRUE(set.ok()) << set.error.to_string();
  EXPECT_EQ(set.history->model, "set");
  EXPECT_EQ(set.history->operations[0].input, std::vector<std::string>{"a"});
  EXPECT_EQ(set.history->operations[1].output, "#{\"a\" 2}");

  const HistoryResult queue = parse_jepsen_edn(
      "{:process 0 :type :invoke :f :enqueue :value 1}\n"
      "{:process 0 :type :ok :f :enqueue :value 1}\n"
      "{:process 0 :type :invoke :f :dequeue :value nil}\n"
      "{:process 0 :type :ok :f :dequeue :value 1}\n"
      "{:process 0 :type :invoke :f :dequeue :value nil}\n"
      "{:process 0 :type :ok :f :dequeue :value nil}\n");
  ASSERT_TRUE(queue.ok()) << queue.error.to_string();
  const auto& ops = queue.history->operations;
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0].output, "");
  EXPECT_TRUE(ops[1].input.empty());
  EXPECT_EQ(ops[1].output, "1");
  EXPECT_EQ(ops[2].output, "");  // an empty queue
}

// A txn of two micro-ops is not a [key value] tuple; its completion carries the reads' values.
TEST(JepsenEdn, ReadsMultiRegisterTxns) {
  const HistoryResult parsed = parse_jepsen_edn(
      "{:process 0 :type :invoke :f :txn :value [[:read :x nil] [:write :y 1]]}\n"
      "{:process 0 :type :ok :f :txn :value [[:read :x 2] [:write :y 1]]}\n");
  ASSERT_TRUE(parsed.ok()) << parsed.error.to_string();
  EXPECT_EQ(parsed.history->model, "multi-register");
  const auto& ops = parsed.history->operations;
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].key, "");
  EXPECT_EQ(ops[0].input, std::vector<std::string>{"[[:read :x nil] [:write :y 1]]"});
  EXPECT_EQ(ops[0].output, "[[:read :x 2] [:write :y 1]]");
}

TEST(JepsenEdn, MalformedInputGivesTheLine) {
  auto expect_line = [](const std::string& text, std::size_t line) {
    const HistoryResult parsed = parse_jepsen_edn(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error.line, line) << parsed.error.to_string();
  };
  expect_line("{:process 0 :type :invoke :f :read}\n{:process 0 :type :invoke :f :read}", 2);
  expect_line("\n\n{:process 0 :type :ok :f :read :value 1}", 3);
  expect_line("{:process 0 :type :invoke", 1);
  expect_line("[{:process 0 :type :what :f :read}]", 1);
  expect_line("{:process 0 :type}", 1);
  expect_line("{:type :invoke :f :read}", 1);
}

TEST(HistoryFormat, DetectsEachFormatByContent) {
  EXPECT_EQ(detect_history_format("{\"format\":\"grovesim-history\"}"), HistoryFormat::kGrovesim);
  EXPECT_EQ(detect_history_format("INFO  jepsen.util - 1"), HistoryFormat::kPorcupineEtcd);
  EXPECT_EQ(detect_history_format("{:process 0, :type :invoke, :f :get, :key \"1\", :value nil}"),
            HistoryFormat::kPorcupineKv);
  EXPECT_EQ(detect_history_format("{:process 0, :type :invoke, :f :read, :value nil}"),
            HistoryFormat::kJepsenEdn);
  EXPECT_EQ(detect_history_format("  [{:process 0}]"), HistoryFormat::kJepsenEdn);
  EXPECT_EQ(detect_history_format("garbage"), std::nullopt);
  EXPECT_TRUE(parse_history("", std::nullopt).ok());
  const HistoryResult unknown = parse_history("garbage", std::nullopt);
  EXPECT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error.line, 1u);
}

TEST(HistoryFormat, MissingFileIsALoadErrorNamingTheFile) {
  const HistoryResult result = load_history_file("/nonexistent/history.json", std::nullopt);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error.to_string().rfind("/nonexistent/history.json: cannot read", 0), 0u)
      << result.error.to_string();
}

}  // namespace
}  // namespace grove::traces

namespace grove::traces {
namespace {

// A leading comment in a file with CR-only line endings used to swallow the whole history
// (read as one comment: 0 ops, "linearizable").
TEST(JepsenEdn, CommentsEndAtEveryKindOfLineEnding) {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    const HistoryResult parsed = parse_jepsen_edn(
        "; a comment" + eol + "{:process 0 :type :invoke :f :write :value 3}" + eol +
        "{:process 0 :type :ok :f :write :value 3}" + eol +
        "{:process 1 :type :invoke :f :read :value nil} ; trailing" + eol +
        "{:process 1 :type :ok :f :read :value 4}" + eol);
    ASSERT_TRUE(parsed.ok()) << parsed.error.to_string();
    EXPECT_EQ(parsed.history->operations.size(), 2u) << "line ending " << eol.size();
  }
  const HistoryResult bad = parse_jepsen_edn("; c\r{:process 0 :type :ok :f :read :value 1}");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error.line, 2u) << bad.error.to_string();
}

}  // namespace
}  // namespace grove::traces
