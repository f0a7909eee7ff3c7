// Every parser survives arbitrary and mutated input: it returns a history or an error with a
// line, never crashes, hangs or throws.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "traces/ghost_jsonl.h"
#include "traces/history_format.h"

namespace grove::traces {
namespace {

const char* const kSeeds[] = {
    "{\"format\":\"grovesim-history\",\"version\":1,\"model\":\"kv\",\"operations\":[\n"
    "{\"client\":0,\"op\":\"put\",\"key\":\"k\",\"input\":[\"v\\u00ff\"],\"output\":\"\","
    "\"invoke_ns\":1,\"return_ns\":2},\n{\"client\":1,\"op\":\"get\",\"key\":\"k\",\"input\":[],"
    "\"output\":null,\"invoke_ns\":3,\"return_ns\":null}\n]}\n",
    "INFO  jepsen.util - 4\t:invoke\t:read\tnil\nINFO  jepsen.util - 4\t:ok\t:read\t3\n"
    "INFO  jepsen.util - 1   :invoke :cas    [1 2]\nINFO  jepsen.util - 1 :fail :cas [1 2]\n",
    "{:process 0, :type :invoke, :f :append, :key \"0\", :value \"x 0 0 y\"}\n"
    "{:process 0, :type :ok, :f :append, :key \"0\", :value \"x 0 0 y\"}\n",
    "[{:process 0 :type :invoke :f :cas :value [:k [1 2]]} #_ {:discarded 1}\n"
    " {:process 0 :type :ok :f :cas :value #jepsen.independent.Tuple{:key :k :value [1 2]}}]\n",
    "{\"i\":0,\"t\":5,\"kind\":\"ghost\",\"node\":1,\"label\":\"lease_granted\","
    "\"fields\":{\"epoch\":1,\"expiry_ns\":100}}\n{\"i\":1,\"t\":6,\"kind\":\"note\"}\n",
};

void parse_everything(const std::string& text) {
  for (const auto format : {HistoryFormat::kGrovesim, HistoryFormat::kPorcupineEtcd,
                            HistoryFormat::kPorcupineKv, HistoryFormat::kJepsenEdn}) {
    const HistoryResult result = parse_history(text, format);
    if (!result.ok()) RC_ASSERT(!result.error.message.empty());
  }
  const HistoryResult detected = parse_history(text, std::nullopt);
  if (!detected.ok()) RC_ASSERT(!detected.error.message.empty());
  const GhostLoadResult ghosts = parse_ghost_jsonl(text);
  if (!ghosts.ok()) RC_ASSERT(!ghosts.error.message.empty());
}

RC_GTEST_PROP(ParserFuzz, ArbitraryBytesNeverCrash, (const std::string& bytes)) {
  parse_everything(bytes);
}

RC_GTEST_PROP(ParserFuzz, MutatedValidInputsNeverCrash, ()) {
  std::string text = *rc::gen::elementOf(std::vector<std::string>(std::begin(kSeeds), std::end(kSeeds)));
  const int mutations = *rc::gen::inRange(1, 8);
  for (int m = 0; m < mutations && !text.empty(); ++m) {
    const std::size_t at = *rc::gen::inRange<std::size_t>(0, text.size());
    switch (*rc::gen::inRange(0, 4)) {
      case 0: text[at] = *rc::gen::arbitrary<char>(); break;              // flip a byte
      case 1: text.erase(at, *rc::gen::inRange<std::size_t>(1, 20)); break;  // cut a run
      case 2: text.insert(at, *rc::gen::elementOf(std::vector<std::string>{
                                  "[", "{", "\"", "\\", ":", "#", "nil", "-", "99999999999999999999",
                                  "\n", "#_", "[1 2]", "\\u12"})); break;
      default: text.resize(at); break;  // truncate
    }
  }
  parse_everything(text);
}

TEST(ParserFuzz, DeepNestingIsAnErrorNotAStackOverflow) {
  const std::string deep_json = std::string(100000, '[');
  EXPECT_FALSE(parse_history(deep_json, HistoryFormat::kGrovesim).ok());
  const std::string deep_edn = std::string(100000, '[');
  EXPECT_FALSE(parse_history(deep_edn, HistoryFormat::kJepsenEdn).ok());
  const std::string deep_tags = "#a #b #c " + std::string(100000, '#') + "x";
  EXPECT_FALSE(parse_history(deep_tags, HistoryFormat::kJepsenEdn).ok());
}

}  // namespace
}  // namespace grove::traces
