#include "core/storage/replica_log_format.h"

#include "core/rpc/marshal.h"
#include "core/storage/record_format.h"

namespace grove::storage {

Bytes encode_replica_log_file(const ReplicaLogHeader& header) {
  rpc::Encoder payload;
  payload.u64(header.epoch).u64(header.next_index).rest(header.snapshot);
  return encode_record(RecordKind::kHeader, payload.bytes());
}

Bytes encode_op_record(std::string_view op) { return encode_record(RecordKind::kOp, op); }

Bytes encode_seal_record() { return encode_record(RecordKind::kSeal, {}); }

RecoveredReplicaLog parse_replica_log(std::string_view file) {
  RecoveredReplicaLog out;
  if (file.empty()) return out;
  RecordScan scan = scan_records(file);
  if (scan.records.empty() || scan.records[0].kind != RecordKind::kHeader) {
    out.status = ReplicaLogStatus::kHeaderCorrupt;
    return out;
  }
  rpc::Decoder header(scan.records[0].payload);
  out.header.epoch = header.u64();
  out.header.next_index = header.u64();
  out.header.snapshot = Bytes(header.rest());
  if (!header.ok()) {
    out.status = ReplicaLogStatus::kHeaderCorrupt;
    return out;
  }
  out.status = ReplicaLogStatus::kOk;
  out.valid_length = scan.valid_length;
  out.torn_tail = scan.torn_tail;
  std::size_t covered = kRecordFrameBytes + scan.records[0].payload.size();
  for (std::size_t i = 1; i < scan.records.size(); ++i) {
    const Record& record = scan.records[i];
    if (out.sealed || record.kind == RecordKind::kHeader) {
      // Nothing valid follows a seal, and a second header is never appended: treat the rest as
      // damage and cut the file there.
      out.records_after_seal = out.sealed;
      out.valid_length = covered;
      out.torn_tail = true;
      break;
    }
    if (record.kind == RecordKind::kSeal) {
      out.sealed = true;
    } else {
      out.ops.push_back(record.payload);
    }
    covered += kRecordFrameBytes + record.payload.size();
  }
  return out;
}

}  // namespace grove::storage
