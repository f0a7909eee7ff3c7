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

  // One open-addressing table finds values by content (content_key) and concatenations by
  // their parts: a slot is a value's content key and, for a concatenation, its (left, right).
  // A concatenation whose bytes turned out to equal an older value's gets a slot of its own
  // pointing at that value, so the bytes are compared once.
  struct Slot {
    std::uint64_t key = 0;
    ValueId left = 0;
    ValueId right = 0;
    std::uint32_t id_plus_one = 0;  // 0: empty
  };

  static std::uint64_t content_key(const Node& node) {
    return node.hash ^ (node.length * 0xff51afd7ed558ccdULL);
  }
  // SplitMix64's finaliser: every key bit reaches the low bits the table uses.
  static std::uint64_t spread(std::uint64_t key) {
    key = (key ^ (key >> 30)) * 0xbf58476d1ce4e5b9ULL;
    key = (key ^ (key >> 27)) * 0x94d049bb133111ebULL;
    return key ^ (key >> 31);
  }
  // The id of `node`'s content (a leaf's bytes are `leaf_bytes`), added if new.
  ValueId find_or_add(const Node& node, std::string_view leaf_bytes);
  void grow();
  bool same_bytes(ValueId id, std::string_view bytes) const;
  void spell(ValueId id, std::string& out) const;  // appends the bytes of `id`

  std::vector<Node> nodes_;
  mutable std::deque<std::string> texts_;  // a deque: text() hands out stable references
  mutable std::size_t text_bytes_ = 0;
  std::vector<Slot> slots_;
  std::size_t used_slots_ = 0;
};

}  // namespace grove::checkers
