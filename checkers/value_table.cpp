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

void ValueTable::IdIndex::add(std::uint64_t key, ValueId id) {
  if ((count_ + 1) * 2 > slots_.size()) {
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
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = spread(key) & mask;
  while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
  slots_[i] = {key, id + 1};
  ++count_;
}

ValueTable::ValueTable() {
  nodes_.reserve(256);
  intern("");
}

ValueId ValueTable::intern(std::string_view text) {
  Node node{0, 1, text.size(), 0, 0, kNoText};
  for (const char ch : text) {
    node.hash = add_mod(multiply_mod(node.hash, kBase), static_cast<unsigned char>(ch));
    node.power = multiply_mod(node.power, kBase);
  }
  return add_unique(node, text);
}

ValueId ValueTable::concat(ValueId left, ValueId right) {
  if (right == 0) return left;
  if (left == 0) return right;
  const std::uint64_t pair = (std::uint64_t{left} << 32) | right;
  const ValueId known = concats_.find(pair, [](ValueId) { return true; });
  if (known != IdIndex::kNone) return known;
  const Node& a = nodes_[left];
  const Node& b = nodes_[right];
  const Node node{add_mod(multiply_mod(a.hash, b.power), b.hash), multiply_mod(a.power, b.power),
                  a.length + b.length, left, right, kNoText};
  const ValueId id = add_unique(node, {});
  concats_.add(pair, id);
  return id;
}

ValueId ValueTable::add_unique(const Node& node, std::string_view bytes_if_leaf) {
  const bool leaf = node.left == 0 && node.right == 0;
  std::string spelled;  // a concatenation's bytes, spelled out only if its hash matches
  const std::uint64_t key = content_key(node);
  const ValueId existing = by_content_.find(key, [&](ValueId id) {
    const Node& other = nodes_[id];
    if (other.hash != node.hash || other.length != node.length) return false;
    if (leaf) return same_bytes(id, bytes_if_leaf);
    if (spelled.empty()) {
      spell(node.left, spelled);
      spell(node.right, spelled);
    }
    return same_bytes(id, spelled);
  });
  if (existing != IdIndex::kNone) return existing;
  const auto id = static_cast<ValueId>(nodes_.size());
  nodes_.push_back(node);
  if (leaf) {
    nodes_.back().text = static_cast<std::uint32_t>(texts_.size());
    texts_.emplace_back(bytes_if_leaf);
    text_bytes_ += bytes_if_leaf.size() + sizeof(std::string);
  }
  by_content_.add(key, id);
  return id;
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
  return nodes_.capacity() * sizeof(Node) + text_bytes_ + by_content_.bytes() + concats_.bytes();
}

}  // namespace grove::checkers
