// Framing of durable log records (protocol.md §5.1, §5.2 note).
//
// The simulator may tear the append in flight when a node crashes: a strict prefix of the
// appended bytes survives. Every record is therefore framed as
//
//   length:u64, kind:u64, checksum:u64, payload[length]
//
// with checksum = FNV-1a over (length, kind, payload). A scan stops at the first record that is
// incomplete or whose checksum does not match: that is the torn tail, and everything from there
// on is dropped. Kinds carry a magic prefix so a stray prefix of bytes cannot pass as a seal
// marker: unlike Go's single trailing byte, the seal is its own checksummed record.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/env/types.h"

namespace grove::storage {

using env::Bytes;

enum class RecordKind : std::uint64_t {
  kHeader = 0x47524f5645000001ULL,  // "GROVE" + 1: snapshot, epoch, next_index
  kOp = 0x47524f5645000002ULL,      // one logged op
  kSeal = 0x47524f5645000003ULL,    // the replica is sealed in the header's epoch
};

inline constexpr std::size_t kRecordFrameBytes = 24;

Bytes encode_record(RecordKind kind, std::string_view payload);

struct Record {
  RecordKind kind;
  std::string_view payload;  // points into the scanned buffer
};

struct RecordScan {
  std::vector<Record> records;  // every complete, checksummed record, in order
  std::size_t valid_length = 0;  // bytes covered by `records`
  bool torn_tail = false;        // bytes after valid_length were dropped
};

// Never fails: garbage simply ends the scan.
RecordScan scan_records(std::string_view file);

}  // namespace grove::storage
