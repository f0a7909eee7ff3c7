#include "scenarios/vkv_history.h"

#include <map>
#include <utility>

namespace grove::scenarios {

namespace {

traces::Operation to_operation(const OpRecord& record) {
  traces::Operation op;
  op.client = record.client;
  op.key = record.key;
  if (record.kind == OpKind::kPut) {
    op.name = "put";
    op.input = {record.value};
  } else if (record.kind == OpKind::kCondPut) {
    op.name = "cond-put";
    op.input = {record.expect, record.value};
  } else {
    op.name = "get";
  }
  op.output = record.output;
  op.invoke_ns = record.invoke_ns;
  op.return_ns = record.output ? record.return_ns : traces::kNoReturn;
  return op;
}

}  // namespace

traces::History vkv_history(const std::vector<OpRecord>& records) {
  traces::History history;
  history.model = "kv";
  history.operations.reserve(records.size());
  // Per session, the abandoned read-write ops not yet fenced by a later completed one.
  std::map<std::uint64_t, std::vector<std::size_t>> unfenced;
  for (const OpRecord& record : records) {
    const std::size_t index = history.operations.size();
    history.operations.push_back(to_operation(record));
    if (record.kind == OpKind::kGet) continue;  // outside the exactly-once layer
    std::vector<std::size_t>& abandoned = unfenced[record.session];
    if (!record.output) {
      abandoned.push_back(index);
      continue;
    }
    // A session runs one op at a time, so this one was invoked after the abandoned ones gave
    // up, with a higher seq; it executed before returning, and from then on they are
    // duplicates (see the header).
    for (const std::size_t earlier : abandoned) {
      history.operations[earlier].effect_deadline_ns = record.return_ns;
    }
    abandoned.clear();
  }
  return history;
}

}  // namespace grove::scenarios
