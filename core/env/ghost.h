// Ghost events: protocol facts recorded for the checkers (protocol.md §8.1), stamped with true
// time and the node by the Env. They have no effect on the protocol.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "core/env/check.h"

namespace grove::env {

struct GhostField {
  std::string_view name;  // a literal
  std::uint64_t value = 0;
};

struct GhostEvent {
  static constexpr std::size_t kMaxFields = 8;

  std::string_view kind;  // a literal, e.g. "lease_granted"
  std::array<GhostField, kMaxFields> fields{};
  std::size_t field_count = 0;

  GhostEvent(std::string_view event_kind, std::initializer_list<GhostField> event_fields)
      : kind(event_kind) {
    for (const GhostField& field : event_fields) {
      GROVE_CHECK(field_count < kMaxFields, "a ghost event has at most kMaxFields fields");
      fields[field_count++] = field;
    }
  }

  // The value of field `name`, or `fallback` if absent.
  std::uint64_t get(std::string_view name, std::uint64_t fallback = 0) const {
    for (std::size_t i = 0; i < field_count; ++i) {
      if (fields[i].name == name) return fields[i].value;
    }
    return fallback;
  }
};

class Ghost {
 public:
  virtual ~Ghost() = default;

  virtual void emit(const GhostEvent& event) = 0;

  // Coverage mark: counts that a rare protocol path was reached (`name` is a literal).
  virtual void cover(std::string_view name) = 0;
};

}  // namespace grove::env
