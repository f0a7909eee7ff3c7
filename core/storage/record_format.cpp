#include "core/storage/record_format.h"

#include "core/rpc/hash.h"
#include "core/rpc/marshal.h"

namespace grove::storage {
namespace {

std::uint64_t record_checksum(std::uint64_t length, std::uint64_t kind, std::string_view payload) {
  rpc::Encoder frame;
  frame.u64(length).u64(kind);
  return rpc::fnv1a64(payload, rpc::fnv1a64(frame.bytes()));
}

bool known_kind(std::uint64_t kind) {
  return kind == static_cast<std::uint64_t>(RecordKind::kHeader) ||
         kind == static_cast<std::uint64_t>(RecordKind::kOp) ||
         kind == static_cast<std::uint64_t>(RecordKind::kSeal);
}

}  // namespace

Bytes encode_record(RecordKind kind, std::string_view payload) {
  auto kind_value = static_cast<std::uint64_t>(kind);
  rpc::Encoder out;
  out.u64(payload.size()).u64(kind_value).u64(record_checksum(payload.size(), kind_value, payload));
  out.rest(payload);
  return out.take();
}

RecordScan scan_records(std::string_view file) {
  RecordScan scan;
  std::size_t offset = 0;
  while (offset < file.size()) {
    rpc::Decoder frame(file.substr(offset));
    std::uint64_t length = frame.u64();
    std::uint64_t kind = frame.u64();
    std::uint64_t checksum = frame.u64();
    std::string_view payload = frame.bytes(length);
    if (!frame.ok() || !known_kind(kind) || record_checksum(length, kind, payload) != checksum) {
      break;  // incomplete or corrupt: the torn tail starts here
    }
    scan.records.push_back(Record{static_cast<RecordKind>(kind), payload});
    offset += kRecordFrameBytes + length;
  }
  scan.valid_length = offset;
  scan.torn_tail = offset < file.size();
  return scan;
}

}  // namespace grove::storage
