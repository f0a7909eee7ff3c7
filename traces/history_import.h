// Importers of foreign histories: Porcupine's etcd logs (Jepsen's text log of a cas-register
// test), Porcupine's kv logs and Jepsen EDN histories (see docs/formats.md for the exact
// semantics). Each never throws; a malformed input gives the line and a message.
//
// Times: these formats carry only the order of events, so the i-th event (0-based) gets time
// i ns. Real-time precedence is exactly the order of the file.
#pragma once

#include <optional>
#include <string_view>

#include "traces/history.h"

namespace grove::traces {

// Lines "INFO  jepsen.util - P :type :f value". :fail on a cas is an observation (the compare
// failed, output "fail"); :info and :fail ... :timed-out ops have an unknown outcome.
HistoryResult parse_porcupine_etcd_log(std::string_view text);

// One EDN map per line with :process, :type, :f, :key, :value (Porcupine kv logs). Lines of
// Porcupine's own exact shape are read directly (porcupine_kv_import.cpp); any other text as
// parse_porcupine_kv_log_edn does, with the same result.
HistoryResult parse_porcupine_kv_log(std::string_view text);
// The same through the general EDN reader: the reference the direct reading must agree with.
HistoryResult parse_porcupine_kv_log_edn(std::string_view text);
// The direct reading alone: nullopt unless every line has Porcupine's exact shape and the
// history is consistent.
std::optional<History> read_porcupine_kv_log_directly(std::string_view text);

// A vector, list or sequence of maps {:process P, :type :invoke|:ok|:fail|:info, :f F,
// :value V}. Registers take plain values (:cas [old new]); key-value histories take
// [key value] tuples (jepsen.independent) or a :key entry. :fail means the op did not take
// effect (Knossos semantics) and drops it; :info leaves its outcome unknown; ops of
// non-integer processes (the nemesis) are skipped.
HistoryResult parse_jepsen_edn(std::string_view text);

}  // namespace grove::traces
