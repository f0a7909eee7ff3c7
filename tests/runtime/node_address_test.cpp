#include <gtest/gtest.h>

#include "runtime/node_address.h"

namespace grove::runtime {
namespace {

TEST(NodeAddress, ParsesAndFormatsIpv4AndPort) {
  const auto id = parse_node_address("127.0.0.1:7000");
  ASSERT_TRUE(id.has_value());
  EXPECT_TRUE(is_address(*id));
  EXPECT_EQ(address_port(*id), 7000);
  EXPECT_EQ(address_ipv4(*id), 0x7F000001u);
  EXPECT_EQ(format_node_address(*id), "127.0.0.1:7000");
  EXPECT_EQ(parse_node_address("localhost:7000"), id);
  EXPECT_EQ(format_node_address(*parse_node_address("10.1.200.255:65535")), "10.1.200.255:65535");
}

TEST(NodeAddress, RefusesWhatIsNotAnAddress) {
  for (const char* bad : {"", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "1.2.3:80",
                          "1.2.3.4.5:80", "256.0.0.1:80", "a.b.c.d:80", "127.0.0.1:80x", ":80",
                          "127.0.0.1:-1"}) {
    EXPECT_FALSE(parse_node_address(bad).has_value()) << bad;
  }
}

TEST(NodeAddress, CallerIdsAreNoAddresses) {
  EXPECT_FALSE(is_address(kFirstCallerId + 5));
  EXPECT_EQ(format_node_address(kFirstCallerId + 5), "caller-5");
}

TEST(NodeAddress, ListsNameTheBadItem) {
  const AddressList good = parse_address_list("127.0.0.1:1,127.0.0.1:2");
  EXPECT_EQ(good.ids.size(), 2u);
  EXPECT_TRUE(good.error.empty());
  const AddressList bad = parse_address_list("127.0.0.1:1,nonsense");
  EXPECT_TRUE(bad.ids.empty());
  EXPECT_NE(bad.error.find("'nonsense'"), std::string::npos) << bad.error;
}

}  // namespace
}  // namespace grove::runtime
