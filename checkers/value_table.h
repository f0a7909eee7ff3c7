// Interned byte strings for the checker's models: equal strings get equal ids, so a model
// compares and hashes values as integers. Id 0 is "" (nil, a missing key).
//
// Appends make new values in the search's hot loop (kv: one per distinct value and suffix),
// and long ones: copying, hashing and freeing their bytes was most of a check of Porcupine's
// kv/c50-ok. So a concatenation is a node (left id, right id) whose length and polynomial
// hash come from its parts' in O(1); its bytes are spelled out only when text() asks for them,
// or when its length and hash match another value's: then the two are compared byte by byte,
// so ids stay exact (a hash collision costs a comparison, never a wrong id).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace grove::checkers {

using ValueId = std::uint32_t;

class ValueTable {
 public:
  ValueTable();
  ValueId intern(std::string_view text);
  // The id of text(left) + text(right), memoised.
  ValueId concat(ValueId left, ValueId right);
  // The bytes of `id` (a concatenation's are spelled out on first use and kept).
  const std::string& text(ValueId id) const;
  std::size_t size() const { return nodes_.size(); }
  // Bytes held, for memory budgets.
  std::size_t bytes() const;

 private:
  static constexpr std::uint32_t kNoText = ~std::uint32_t{0};
  struct Node {
    std::uint64_t hash;   // polynomial hash of the bytes, mod 2^61 - 1
    std::uint64_t power;  // kBase^length mod 2^61 - 1, to extend the hash on the left
    std::uint64_t length;
    ValueId left;         // a concatenation's parts (both 0 for a leaf)
    ValueId right;
    mutable std::uint32_t text;  // index into texts_, or kNoText (not spelled out yet)
  };

  // An open-addressing multimap from 64-bit keys to ids (no deletions; a key may repeat).
  class IdIndex {
   public:
    IdIndex() : slots_(64) {}
    // Calls `match(id)` for each id stored under `key` until it returns true; returns that id
    // or kNone.
    template <typename Match>
    ValueId find(std::uint64_t key, Match match) const {
      const std::size_t mask = slots_.size() - 1;
      for (std::size_t i = spread(key) & mask; slots_[i].id_plus_one != 0; i = (i + 1) & mask) {
        if (slots_[i].key == key && match(slots_[i].id_plus_one - 1)) return slots_[i].id_plus_one - 1;
      }
      return kNone;
    }
    void add(std::uint64_t key, ValueId id);
    std::size_t bytes() const { return slots_.capacity() * sizeof(Slot); }
    static constexpr ValueId kNone = ~ValueId{0};

   private:
    struct Slot {
      std::uint64_t key = 0;
      std::uint32_t id_plus_one = 0;  // 0: empty
    };
    // SplitMix64's finaliser: every key bit reaches the low bits the table uses.
    static std::uint64_t spread(std::uint64_t key) {
      key = (key ^ (key >> 30)) * 0xbf58476d1ce4e5b9ULL;
      key = (key ^ (key >> 27)) * 0x94d049bb133111ebULL;
      return key ^ (key >> 31);
    }
    std::vector<Slot> slots_;
    std::size_t count_ = 0;
  };

  static std::uint64_t content_key(const Node& node) {
    return node.hash ^ (node.length * 0xff51afd7ed558ccdULL);
  }
  // An id with `node`'s content if there is one (compared byte by byte), else a new one.
  ValueId add_unique(const Node& node, std::string_view bytes_if_leaf);
  bool same_bytes(ValueId id, std::string_view bytes) const;
  void spell(ValueId id, std::string& out) const;  // appends the bytes of `id`

  std::vector<Node> nodes_;
  mutable std::deque<std::string> texts_;  // a deque: text() hands out stable references
  mutable std::size_t text_bytes_ = 0;
  IdIndex by_content_;  // content_key -> ids
  IdIndex concats_;     // (left << 32 | right) -> id
};

}  // namespace grove::checkers
