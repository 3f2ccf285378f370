// The client's address behind reverse proxies: X-Forwarded-For believed only from trusted peers, and then
// only its right-most untrusted entry.
#include <gtest/gtest.h>

#include "service/http/trusted_proxies.h"

using tnt::http::TrustedProxies;

TEST(TrustedProxies, WithoutTrustedPeersTheHeaderIsIgnored)
{
    const TrustedProxies none;
    EXPECT_EQ(none.clientAddress("127.0.0.1", std::string("203.0.113.7")), "127.0.0.1");
    EXPECT_EQ(none.clientAddress("198.51.100.2", std::nullopt), "198.51.100.2");
}

TEST(TrustedProxies, FromATrustedPeerTheRightMostUntrustedEntryIsTheClient)
{
    const TrustedProxies proxies({"127.0.0.1", "10.0.0.0/8"});
    EXPECT_EQ(proxies.clientAddress("127.0.0.1", std::string("203.0.113.7")), "203.0.113.7");
    // What the client sent itself (left) is not believed: nginx appended the real address on the right.
    EXPECT_EQ(proxies.clientAddress("127.0.0.1", std::string("1.2.3.4, 203.0.113.7")), "203.0.113.7");
    // Through two trusted hops.
    EXPECT_EQ(proxies.clientAddress("127.0.0.1", std::string("1.2.3.4, 203.0.113.7, 10.1.2.3")), "203.0.113.7");
    EXPECT_EQ(proxies.clientAddress("127.0.0.1", std::nullopt), "127.0.0.1");
    EXPECT_EQ(proxies.clientAddress("127.0.0.1", std::string("  ")), "127.0.0.1");
    EXPECT_EQ(proxies.clientAddress("127.0.0.1", std::string("garbage, 203.0.113.7")), "203.0.113.7");
    EXPECT_EQ(proxies.clientAddress("127.0.0.1", std::string("203.0.113.7, garbage")), "127.0.0.1")
        << "an unreadable hop: nothing beyond the proxy is believed";
}

TEST(TrustedProxies, AnUntrustedPeerCannotChooseItsAddress)
{
    const TrustedProxies proxies({"127.0.0.1"});
    EXPECT_EQ(proxies.clientAddress("198.51.100.2", std::string("203.0.113.7")), "198.51.100.2");
}

TEST(TrustedProxies, MatchesIpv4AndIpv6Blocks)
{
    const TrustedProxies proxies({"192.168.0.0/16", "fd00::/8", "::1", "0.0.0.0/0"});
    EXPECT_TRUE(proxies.trusts("192.168.4.5"));
    EXPECT_TRUE(proxies.trusts("fd12:3456::1"));
    EXPECT_TRUE(proxies.trusts("::1"));
    EXPECT_FALSE(proxies.trusts("fe80::1"));
    EXPECT_TRUE(proxies.trusts("8.8.8.8")) << "0.0.0.0/0 is every IPv4 address";
    const TrustedProxies narrow({"10.0.0.0/8"});
    EXPECT_TRUE(narrow.trusts("10.255.0.1"));
    EXPECT_FALSE(narrow.trusts("11.0.0.1"));
    EXPECT_FALSE(narrow.trusts("::ffff:11.0.0.1"));
    EXPECT_TRUE(narrow.trusts("::ffff:10.0.0.1")) << "an IPv4-mapped peer is the same address";
    EXPECT_FALSE(narrow.trusts("not an address"));
}

TEST(TrustedProxies, RefusesWhatIsNotABlock)
{
    EXPECT_TRUE(TrustedProxies::validBlock("127.0.0.1"));
    EXPECT_TRUE(TrustedProxies::validBlock("2001:db8::/32"));
    EXPECT_FALSE(TrustedProxies::validBlock("10.0.0.0/33"));
    EXPECT_FALSE(TrustedProxies::validBlock("10.0.0.0/"));
    EXPECT_FALSE(TrustedProxies::validBlock("localhost"));
    EXPECT_THROW(TrustedProxies({"10.0.0.0/x"}), std::invalid_argument);
}
