#include "checkers/value_table.h"

namespace grove::checkers {

namespace {

__extension__ typedef unsigned __int128 UInt128;

constexpr std::uint64_t kModulus = (std::uint64_t{1} << 61) - 1;  // a Mersenne prime
constexpr std::uint64_t kBase = 0x1d8e4e27c47d124fULL % kModulus;

std::uint64_t add_mod(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t sum = a + b;
  return sum >= kModulus ? sum - kModulus : sum;
}

std::uint64_t multiply_mod(std::uint64_t a, std::uint64_t b) {
  const UInt128 product = UInt128{a} * b;
  const std::uint64_t folded =
      (static_cast<std::uint64_t>(product) & kModulus) + static_cast<std::uint64_t>(product >> 61);
  return folded >= kModulus ? folded - kModulus : folded;
}

}  // namespace

ValueTable::ValueTable() : slots_(64) {
  nodes_.reserve(256);
  intern("");
}

ValueId ValueTable::intern(std::string_view text) {
  Node node{0, 1, text.size(), 0, 0, kNoText};
  for (const char ch : text) {
    node.hash = add_mod(multiply_mod(node.hash, kBase), static_cast<unsigned char>(ch));
    node.power = multiply_mod(node.power, kBase);
  }
  return find_or_add(node, text);
}

ValueId ValueTable::concat(ValueId left, ValueId right) {
  if (right == 0) return left;
  if (left == 0) return right;
  const Node& a = nodes_[left];
  const Node& b = nodes_[right];
  const Node node{add_mod(multiply_mod(a.hash, b.power), b.hash), multiply_mod(a.power, b.power),
                  a.length + b.length, left, right, kNoText};
  return find_or_add(node, {});
}

ValueId ValueTable::find_or_add(const Node& node, std::string_view leaf_bytes) {
  if ((used_slots_ + 1) * 2 > slots_.size()) grow();
  const bool leaf = node.left == 0 && node.right == 0;
  const std::uint64_t key = content_key(node);
  const std::size_t mask = slots_.size() - 1;
  const std::size_t first = spread(key) & mask;
  // The common cases in one probe: this very concatenation, or content never seen.
  bool same_key = false;
  std::size_t free = first;
  for (; slots_[free].id_plus_one != 0; free = (free + 1) & mask) {
    const Slot& slot = slots_[free];
    if (slot.key != key) continue;
    if (!leaf && slot.left == node.left && slot.right == node.right) return slot.id_plus_one - 1;
    same_key = true;
  }
  if (same_key) {  // maybe the same bytes made another way: compare them
    std::string spelled;  // a concatenation's bytes, spelled out once
    if (!leaf) {
      spell(node.left, spelled);
      spell(node.right, spelled);
    }
    const std::string_view bytes = leaf ? leaf_bytes : std::string_view(spelled);
    for (std::size_t i = first; i != free; i = (i + 1) & mask) {
      if (slots_[i].key != key) continue;
      const ValueId id = slots_[i].id_plus_one - 1;
      const Node& other = nodes_[id];
      if (other.hash != node.hash || other.length != node.length || !same_bytes(id, bytes)) continue;
      if (!leaf) {  // remember this concatenation's id
        slots_[free] = {key, node.left, node.right, id + 1};
        ++used_slots_;
      }
      return id;
    }
  }
  const auto id = static_cast<ValueId>(nodes_.size());
  nodes_.push_back(node);
  if (leaf) {
    nodes_.back().text = static_cast<std::uint32_t>(texts_.size());
    texts_.emplace_back(leaf_bytes);
    text_bytes_ += leaf_bytes.size() + sizeof(std::string);
  }
  slots_[free] = {key, node.left, node.right, id + 1};
  ++used_slots_;
  return id;
}

void ValueTable::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id_plus_one == 0) continue;
    std::size_t i = spread(slot.key) & mask;
    while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

bool ValueTable::same_bytes(ValueId id, std::string_view bytes) const {
  const Node& node = nodes_[id];
  if (node.length != bytes.size()) return false;
  if (node.text != kNoText) return texts_[node.text] == bytes;
  std::string own;
  spell(id, own);
  return own == bytes;
}

void ValueTable::spell(ValueId id, std::string& out) const {
  out.reserve(out.size() + nodes_[id].length);
  std::vector<ValueId> pending{id};  // right parts wait while the left ones are spelled
  while (!pending.empty()) {
    const Node& node = nodes_[pending.back()];
    pending.pop_back();
    if (node.text != kNoText) {
      out += texts_[node.text];
    } else {
      pending.push_back(node.right);
      pending.push_back(node.left);
    }
  }
}

const std::string& ValueTable::text(ValueId id) const {
  const Node& node = nodes_[id];
  if (node.text == kNoText) {
    std::string spelled;
    spell(id, spelled);
    text_bytes_ += spelled.size() + sizeof(std::string);
    node.text = static_cast<std::uint32_t>(texts_.size());
    texts_.push_back(std::move(spelled));
  }
  return texts_[node.text];
}

std::size_t ValueTable::bytes() const {
  return nodes_.capacity() * sizeof(Node) + text_bytes_ + slots_.capacity() * sizeof(Slot);
}

}  // namespace grove::checkers
