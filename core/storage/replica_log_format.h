// The replica's durable log file (protocol.md §5.1), in checksummed records:
//
//   header record { epoch:u64, next_index:u64, snapshot(rest) }   written whole by write_atomic
//   op record { op }*                                               appended, one per logged op
//   [ seal record ]                                                 present iff sealed in epoch
//
// `next_index` in the header is the index of the first logged op (the snapshot's length in ops).
// Pure functions: encoding and parsing only; the I/O lives in core/vrsm/durable_state_machine.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/env/types.h"

namespace grove::storage {

using env::Bytes;

struct ReplicaLogHeader {
  std::uint64_t epoch = 0;
  std::uint64_t next_index = 0;
  Bytes snapshot;
};

// A whole file holding only the header (what SetState writes atomically, §1.7).
Bytes encode_replica_log_file(const ReplicaLogHeader& header);
Bytes encode_op_record(std::string_view op);
Bytes encode_seal_record();

enum class ReplicaLogStatus : std::uint8_t {
  kEmpty,          // no file: the replica was never started
  kOk,             // header found (maybe with a torn tail, see torn_tail)
  kHeaderCorrupt,  // non-empty file without a valid header: durable data was damaged
};

struct RecoveredReplicaLog {
  ReplicaLogStatus status = ReplicaLogStatus::kEmpty;
  ReplicaLogHeader header;
  std::vector<std::string_view> ops;  // point into the parsed buffer
  bool sealed = false;
  // Length of the well-formed prefix; if it is shorter than the file, recovery rewrites the file
  // to that prefix before appending again (so no record ever follows garbage).
  std::size_t valid_length = 0;
  bool torn_tail = false;
  // Records after a seal record: never written by a correct replica (a sealed replica appends
  // nothing until SetState replaces the file); ignored.
  bool records_after_seal = false;
};

RecoveredReplicaLog parse_replica_log(std::string_view file);

}  // namespace grove::storage
