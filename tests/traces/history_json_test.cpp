#include "traces/history_json.h"

#include <gtest/gtest.h>

#include <sstream>

namespace grove::traces {
namespace {

History sample() {
  History history;
  history.model = "kv";
  Operation put;
  put.client = 3;
  put.name = "put";
  put.key = "k\"ey";
  put.input = {std::string("v\n\x00\xff", 4)};
  put.output = "";
  put.invoke_ns = -5;
  put.return_ns = 10;
  Operation crashed;
  crashed.client = 4;
  crashed.name = "cond-put";
  crashed.key = "k";
  crashed.input = {"a", "b"};
  crashed.invoke_ns = 7;  // unknown outcome, never returned
  history.operations = {put, crashed};
  return history;
}

TEST(HistoryJson, RoundTripsBytesUnknownOutcomesAndMissingReturns) {
  const History history = sample();
  std::ostringstream stream;
  write_history_json(history, stream);
  EXPECT_EQ(stream.str(), history_to_json(history));
  const HistoryResult parsed = parse_history_json(stream.str());
  ASSERT_TRUE(parsed.ok()) << parsed.error.to_string();
  ASSERT_EQ(parsed.history->operations.size(), 2u);
  EXPECT_EQ(parsed.history->model, "kv");
  const Operation& put = parsed.history->operations[0];
  EXPECT_EQ(put.client, 3u);
  EXPECT_EQ(put.key, "k\"ey");
  EXPECT_EQ(put.input[0], std::string("v\n\x00\xff", 4));
  EXPECT_EQ(put.output, "");
  EXPECT_EQ(put.invoke_ns, -5);
  const Operation& crashed = parsed.history->operations[1];
  EXPECT_FALSE(crashed.output.has_value());
  EXPECT_EQ(crashed.return_ns, kNoReturn);
  EXPECT_EQ(crashed.input, (std::vector<std::string>{"a", "b"}));
}

TEST(HistoryJson, OneOperationPerLine) {
  const std::string text = history_to_json(sample());
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);
}

TEST(HistoryJson, IgnoresUnknownMembers) {
  const HistoryResult parsed = parse_history_json(
      R"({"format":"grovesim-history","version":1,"extra":{"a":[1,2,{"b":null}]},"operations":[
          {"op":"get","invoke_ns":1,"return_ns":2,"output":"x","note":"hi"}]})");
  ASSERT_TRUE(parsed.ok()) << parsed.error.to_string();
  EXPECT_EQ(parsed.history->operations[0].output, "x");
}

TEST(HistoryJson, RoundTripsAnEffectDeadline) {
  History history = sample();
  history.operations[1].effect_deadline_ns = 42;
  const std::string text = history_to_json(history);
  EXPECT_NE(text.find("\"effect_deadline_ns\":42"), std::string::npos) << text;
  const HistoryResult parsed = parse_history_json(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error.to_string();
  EXPECT_EQ(parsed.history->operations[0].effect_deadline_ns, kNoReturn);  // none written
  EXPECT_EQ(parsed.history->operations[1].effect_deadline_ns, 42);
}

void expect_error(const std::string& text, std::size_t line, const std::string& fragment) {
  const HistoryResult parsed = parse_history_json(text);
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(parsed.error.line, line) << parsed.error.to_string();
  EXPECT_NE(parsed.error.message.find(fragment), std::string::npos) << parsed.error.message;
}

TEST(HistoryJson, ErrorsNameTheLine) {
  expect_error("{\"format\":\"grovesim-history\",\"operations\":[\n{\"op\":\"get\"}\n]}", 2,
               "invoke_ns");
  expect_error("{\"format\":\"grovesim-history\",\"operations\":[\n\n{\"op\":1}]}", 3, "string");
  expect_error("{\"format\":\"other\",\"operations\":[]}", 1, "format");
  expect_error("{\"operations\":[]}", 1, "format");
  expect_error("{\"format\":\"grovesim-history\",\"operations\":[]} x", 1, "trailing");
  expect_error("{\"format\":\"grovesim-history\",\"operations\":[{\"op\":\"get\",\"invoke_ns\":5,"
               "\"return_ns\":4}]}", 1, "before");
  expect_error("{\"format\":\"grovesim-history\",\"operations\":[{\"op\":\"get\",\"invoke_ns\":1.5}]}",
               1, "integer");
  expect_error(std::string(200, '['), 1, "");
  // A deadline only bounds an unknown outcome, and not before the invocation.
  expect_error("{\"format\":\"grovesim-history\",\"operations\":[{\"op\":\"put\",\"invoke_ns\":1,"
               "\"return_ns\":4,\"output\":\"\",\"effect_deadline_ns\":3}]}",
               1, "known output");
  expect_error("{\"format\":\"grovesim-history\",\"operations\":[{\"op\":\"put\",\"invoke_ns\":5,"
               "\"effect_deadline_ns\":3}]}",
               1, "before invoke_ns");
}

// Found by fuzz/history_json_fuzzer: the offending byte, and a wrong format's value, went into the
// message raw: a line break (which to_string() prints as a space: "bad escape '\ '"), a NUL that
// cut the printed message short, bytes that are not UTF-8.
TEST(HistoryJson, ErrorsShowTheOffendingByteOnOneLine) {
  expect_error("{\"format\":\"v\\\nu01\"}", 1, "'\\' followed by byte 0x0a");
  expect_error("{\"format\":\"v\\q\"}", 1, "'\\' followed by 'q'");
  expect_error("{\"format\" \x01}", 1, "expected ':', found byte 0x01");
  expect_error("{\"format\":\"grovesim-history\",\"operations\":[{\"invoke_ns\":\xff}]}", 1,
               "expected a number, found byte 0xff");
  // The format's value, escaped: its \n was a line break in the message.
  expect_error("{\"format\":\"grovesim-h\\n\xff\"}", 1,
               "format is \"grovesim-h\\n\\u00ff\", expected \"grovesim-history\"");
  expect_error("{\"format\":\"" + std::string(100000, 'x') + "\"}", 1,
               "format is \"" + std::string(64, 'x') + "\"..., expected");
  const HistoryResult parsed = parse_history_json("{\"format\":\"v\\\n\"}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error.to_string().find('\n'), std::string::npos) << parsed.error.to_string();
}

}  // namespace
}  // namespace grove::traces
