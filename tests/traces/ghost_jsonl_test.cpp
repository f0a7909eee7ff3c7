#include "traces/ghost_jsonl.h"

#include <gtest/gtest.h>

#include <sstream>

#include "traces/trace_recorder.h"

namespace grove::traces {
namespace {

TEST(GhostJsonl, ReadsTheGhostLinesTheRecorderWrites) {
  std::ostringstream out;
  TraceRecorder recorder;
  recorder.write_jsonl_to(&out);
  const TraceField fields[] = {{"epoch", 3}, {"expiry_ns", 123456789012ULL}};
  recorder.record(TraceEvent{10, TraceKind::kNote, kNoNode, kNoNode, 0, 0, "workload start"});
  recorder.record(TraceEvent{20, TraceKind::kGhost, 2, kNoNode, 0, 0, "lease_granted", fields, 2});
  recorder.record(TraceEvent{30, TraceKind::kSend, 1, 2, 7, 1, "request"});
  const GhostLoadResult loaded = parse_ghost_jsonl(out.str());
  ASSERT_TRUE(loaded.ok()) << loaded.error.to_string();
  ASSERT_EQ(loaded.records->size(), 1u);
  const GhostRecord& record = loaded.records->front();
  EXPECT_EQ(record.time_ns, 20);
  EXPECT_EQ(record.node, 2u);
  EXPECT_EQ(record.kind, "lease_granted");
  EXPECT_EQ(record.get("epoch"), 3u);
  EXPECT_EQ(record.get("expiry_ns"), 123456789012ULL);
}

TEST(GhostJsonl, BadLineGivesItsNumber) {
  const GhostLoadResult loaded = parse_ghost_jsonl(
      "{\"i\":0,\"t\":1,\"kind\":\"note\"}\n\n{\"i\":1,\"t\":2,\"kind\":\"ghost\",\"fields\":{\"a\":-1}}\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error.line, 3u);
  EXPECT_FALSE(parse_ghost_jsonl("{\"kind\":\"ghost\",\"label\":\"x\"}").ok());  // no time
  EXPECT_FALSE(parse_ghost_jsonl("not json").ok());
}

// Found by fuzz/ghost_jsonl_fuzzer: a wrong field name went into the message raw, so its \n
// broke the message in two.
TEST(GhostJsonl, WrongFieldNamesAreQuotedEscaped) {
  const std::string line =
      "{\"i\":0,\"t\":1,\"kind\":\"ghost\",\"node\":1,\"label\":\"lease_granted\",";
  const GhostLoadResult renamed =
      parse_ghost_jsonl(line + "\"fields\":{\"epoch\":1,\"expiry\\ns\":5}}\n");
  ASSERT_FALSE(renamed.ok());
  EXPECT_EQ(renamed.error.message,
            "ghost event lease_granted: field 2 is \"expiry\\ns\", expected \"expiry_ns\"");
  const GhostLoadResult extra =
      parse_ghost_jsonl(line + "\"fields\":{\"epoch\":1,\"expiry_ns\":5,\"\\n\xff\":0}}\n");
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error.message, "ghost event lease_granted: extra field \"\\n\\u00ff\"");
  // And so is an unknown kind (found by the same fuzzer, in a longer run).
  const GhostLoadResult unknown = parse_ghost_jsonl(
      "{\"i\":0,\"t\":1,\"kind\":\"ghost\",\"node\":1,\"label\":\"lease_gr\\nanted\"}\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error.message, "unknown ghost event kind \"lease_gr\\nanted\"");
}

}  // namespace
}  // namespace grove::traces
