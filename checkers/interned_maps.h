// Whole-history states of key -> value models (kv unpartitioned, multi-register): each map is
// sorted (key, value) pairs without "" values, stored once, and the 64-bit state is its index.
// State 0 is the empty map (every key ""). A machine's own table: states are not shared.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "checkers/model.h"

namespace grove::checkers {

class InternedMaps {
 public:
  using Entries = std::vector<std::pair<ValueId, ValueId>>;

  InternedMaps() {
    maps_.emplace_back();
    ids_.emplace(Entries{}, 0);
  }

  // The map of `state`. The reference is invalidated by the next intern().
  const Entries& at(State state) const { return maps_[state]; }

  // The state of `map` (sorted by key, no "" values), added if new.
  State intern(Entries map) {
    const auto [it, inserted] = ids_.emplace(map, maps_.size());
    if (inserted) maps_.push_back(std::move(map));
    return it->second;
  }

  // {"k"="v", ...} (`others` says what the keys not listed hold).
  std::string describe(const ValueTable& values, State state, std::string_view others) const {
    std::string out = "{";
    for (const auto& [key, value] : maps_[state]) {
      if (out.size() > 1) out += ", ";
      out += quoted(values.text(key)) + "=" + quoted(values.text(value));
    }
    return out + "} (" + std::string(others) + ")";
  }

 private:
  struct EntriesHash {
    std::size_t operator()(const Entries& entries) const {
      std::uint64_t hash = 0x9e3779b97f4a7c15ULL;
      for (const auto& [key, value] : entries) {
        hash = (hash ^ ((std::uint64_t{key} << 32) | value)) * 0x100000001b3ULL;
      }
      return hash;
    }
  };
  std::vector<Entries> maps_;
  std::unordered_map<Entries, State, EntriesHash> ids_;
};

}  // namespace grove::checkers
