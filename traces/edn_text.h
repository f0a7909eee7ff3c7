// Text renderings of EDN values, shared by the Jepsen importer (which turns values into history
// strings) and the models that read structured values back (a set read's "#{1 2}", a txn).
#pragma once

#include <string>

#include "traces/edn_reader.h"

namespace grove::traces {

// A compact EDN rendering: "nil", "[1 :x \"a\"]", "#{1 2}".
std::string edn_text(const EdnValue& value);

// The history value of an EDN value: nil is "", strings, numbers and symbols are their bare
// text, anything else its edn_text.
std::string edn_history_value(const EdnValue& value);

}  // namespace grove::traces
