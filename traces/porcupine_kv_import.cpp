// Porcupine kv logs. Every line of Porcupine's files has the same shape:
//   {:process 6, :type :invoke, :f :append, :key "0", :value "x 6 0 y"}
// Reading them through the general EDN reader (a tree per line, then a conversion) was most of
// the time of checking a small kv file, so a text made only of such lines is read straight into
// the history. Anything else (another entry order, escapes, comments, other kinds of values, a
// cas, an inconsistent history, an error) goes the general way: parse_porcupine_kv_log_edn,
// which gives the same history for these texts (tests/traces compares the two on every
// Porcupine kv file) and the error messages.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traces/history_import.h"

namespace grove::traces {

namespace {

// A cursor over the text; each read_* returns false (and the fast path gives up) on anything
// outside the strict shape.
class KvLineReader {
 public:
  explicit KvLineReader(std::string_view text) : text_(text) {}

  // Skips newlines (and spaces) between maps; false at the end of the text.
  bool more() {
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == ' ')) ++pos_;
    return pos_ < text_.size();
  }

  bool literal(std::string_view expected) {
    if (text_.size() - pos_ < expected.size()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i) {  // inlined: literals are a few bytes
      if (text_[pos_ + i] != expected[i]) return false;
    }
    pos_ += expected.size();
    return true;
  }

  // A decimal integer without sign or leading zeros, small enough for any process number.
  bool number(std::uint64_t* out) {
    const std::size_t start = pos_;
    std::uint64_t value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9' && pos_ - start < 9) {
      value = value * 10 + static_cast<std::uint64_t>(text_[pos_++] - '0');
    }
    if (pos_ == start || (text_[start] == '0' && pos_ - start > 1)) return false;
    *out = value;
    return true;
  }

  // A keyword's name: letters, digits and '-' after the ':'.
  bool keyword(std::string_view* out) {
    if (!literal(":")) return false;
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
    *out = text_.substr(start, pos_ - start);
    return !out->empty();
  }

  // A string without escapes (nullopt for nil); false for anything else.
  bool string_or_nil(std::optional<std::string_view>* out) {
    if (literal("nil")) {
      *out = std::nullopt;
      return true;
    }
    if (!literal("\"")) return false;
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\\') ++pos_;
    if (pos_ >= text_.size() || text_[pos_] != '"') return false;
    *out = text_.substr(start, pos_ - start);
    ++pos_;
    return true;
  }

 private:
  static bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

struct KvEvent {
  std::uint64_t process = 0;
  std::string_view type;
  std::string_view name;
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
};

bool read_event(KvLineReader& reader, KvEvent* event) {
  return reader.literal("{:process ") && reader.number(&event->process) &&
         reader.literal(", :type ") && reader.keyword(&event->type) && reader.literal(", :f ") &&
         reader.keyword(&event->name) && reader.literal(", :key ") &&
         reader.string_or_nil(&event->key) && reader.literal(", :value ") &&
         reader.string_or_nil(&event->value) && reader.literal("}");
}

// The same rules as the EDN conversion (jepsen_edn_import.cpp) for this shape of op.
bool is_read(std::string_view name) { return name == "read" || name == "get"; }
bool returns_value(std::string_view name) {
  return is_read(name) || name == "dequeue" || name == "txn";
}
bool is_cas(std::string_view name) {
  return name == "cas" || name == "cond-put" || name == "compare-and-set";
}

}  // namespace

std::optional<History> read_porcupine_kv_log_directly(std::string_view text) {
  constexpr std::uint64_t kMaxProcess = 1 << 16;  // pending ops are indexed by process
  KvLineReader reader(text);
  History history;
  history.model = "kv";
  history.operations.reserve(text.size() / 128);  // two lines of ~60 bytes per op
  std::vector<std::int64_t> pending;  // process -> index in `operations`, -1: none
  std::vector<bool> dropped;
  std::int64_t now = 0;
  while (reader.more()) {
    KvEvent event;
    if (!read_event(reader, &event) || event.process >= kMaxProcess || is_cas(event.name)) {
      return std::nullopt;
    }
    if (!reader.literal("\n") && reader.more()) return std::nullopt;  // one map per line
    if (pending.size() <= event.process) pending.resize(event.process + 1, -1);
    std::int64_t& open = pending[event.process];
    if (event.type == "invoke") {
      if (open >= 0) return std::nullopt;  // invoked twice: the general reader says so
      Operation op;
      op.client = event.process;
      op.name = std::string(event.name);
      op.key = std::string(event.key.value_or(""));
      op.invoke_ns = now;
      if (!is_read(event.name) && event.value) op.input.emplace_back(*event.value);
      open = static_cast<std::int64_t>(history.operations.size());
      history.operations.push_back(std::move(op));
      dropped.push_back(false);
    } else if (event.type == "ok" || event.type == "fail" || event.type == "info") {
      if (open < 0) return std::nullopt;  // completes an op never invoked
      Operation& op = history.operations[static_cast<std::size_t>(open)];
      op.return_ns = now;
      if (event.type == "fail") {
        dropped[static_cast<std::size_t>(open)] = true;
      } else if (event.type == "ok") {
        op.output = returns_value(op.name) ? std::string(event.value.value_or("")) : std::string();
      }
      open = -1;
    } else {
      return std::nullopt;  // unknown :type
    }
    ++now;
  }
  if (std::find(dropped.begin(), dropped.end(), true) != dropped.end()) {
    History kept;
    kept.model = history.model;
    for (std::size_t i = 0; i < history.operations.size(); ++i) {
      if (!dropped[i]) kept.operations.push_back(std::move(history.operations[i]));
    }
    return kept;
  }
  return history;
}

HistoryResult parse_porcupine_kv_log(std::string_view text) {
  if (std::optional<History> history = read_porcupine_kv_log_directly(text)) {
    return HistoryResult::success(std::move(*history));
  }
  return parse_porcupine_kv_log_edn(text);
}

}  // namespace grove::traces
