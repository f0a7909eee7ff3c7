// ValueTable ids are exact: equal bytes get one id however the value was made (interned text,
// or concatenations split anywhere), different bytes different ids, and text() spells a
// concatenation out.
#include "checkers/value_table.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace grove::checkers {
namespace {

TEST(ValueTable, EmptyIsZeroAndTheIdentityOfConcat) {
  ValueTable values;
  EXPECT_EQ(values.intern(""), 0u);
  const ValueId x = values.intern("x");
  EXPECT_EQ(values.concat(x, 0), x);
  EXPECT_EQ(values.concat(0, x), x);
  EXPECT_EQ(values.text(0), "");
}

TEST(ValueTable, AConcatenationIsTheValueOfItsBytes) {
  ValueTable values;
  const ValueId ab = values.concat(values.intern("a"), values.intern("b"));
  EXPECT_EQ(values.text(ab), "ab");
  EXPECT_EQ(values.intern("ab"), ab);
  const ValueId abc1 = values.concat(ab, values.intern("c"));
  const ValueId abc2 = values.concat(values.intern("a"), values.intern("bc"));
  EXPECT_EQ(abc1, abc2);
  EXPECT_EQ(values.intern("abc"), abc1);
  EXPECT_NE(values.intern("acb"), abc1);
  EXPECT_EQ(values.text(abc2), "abc");
}

TEST(ValueTable, InterningFirstThenConcatenatingFindsTheSameId) {
  ValueTable values;
  const ValueId seen = values.intern("x 1 0 yx 2 0 y");  // e.g. a get's output, compiled first
  const ValueId built =
      values.concat(values.concat(0, values.intern("x 1 0 y")), values.intern("x 2 0 y"));
  EXPECT_EQ(built, seen);
  EXPECT_NE(values.concat(values.intern("x 2 0 y"), values.intern("x 1 0 y")), seen);
}

// Random appends of short pieces over a small alphabet (so many different splits give equal
// strings) agree with a table of the materialized strings.
TEST(ValueTable, RandomConcatenationsMatchMaterializedStrings) {
  ValueTable values;
  std::mt19937 random(7);
  std::vector<ValueId> ids{0};
  std::vector<std::string> texts{""};
  for (int round = 0; round < 4000; ++round) {
    ValueId id;
    std::string text;
    if (random() % 4 == 0) {
      const int length = static_cast<int>(random() % 4);
      for (int i = 0; i < length; ++i) text += static_cast<char>('a' + random() % 2);
      id = values.intern(text);
    } else {
      const std::size_t left = random() % ids.size();
      const std::size_t right = random() % ids.size();
      if (texts[left].size() + texts[right].size() > 40) continue;
      id = values.concat(ids[left], ids[right]);
      text = texts[left] + texts[right];
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
      ASSERT_EQ(ids[i] == id, texts[i] == text) << texts[i] << " vs " << text;
    }
    ids.push_back(id);
    texts.push_back(text);
  }
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(values.text(ids[i]), texts[i]);
}

TEST(ValueTable, NulBytesAreBytesLikeAnyOther) {
  ValueTable values;
  const std::string with_nul("a\0b", 3);
  const ValueId id = values.intern(with_nul);
  EXPECT_NE(id, values.intern("ab"));
  EXPECT_EQ(values.concat(values.intern(std::string("a\0", 2)), values.intern("b")), id);
  EXPECT_GT(values.bytes(), 0u);
}

}  // namespace
}  // namespace grove::checkers
