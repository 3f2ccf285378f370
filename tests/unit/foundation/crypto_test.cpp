#include <gtest/gtest.h>

#include <set>

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"

TEST(Digest, Sha256OfKnownInput)
{
    EXPECT_EQ(tnt::crypto::sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Digest, HmacSha256OfRfc4231Case2)
{
    EXPECT_EQ(tnt::crypto::hmacSha256Hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Digest, ConstantTimeEqualsComparesContentAndLength)
{
    EXPECT_TRUE(tnt::crypto::constantTimeEquals("secret", "secret"));
    EXPECT_FALSE(tnt::crypto::constantTimeEquals("secret", "secreT"));
    EXPECT_FALSE(tnt::crypto::constantTimeEquals("secret", "secrets"));
}

TEST(RandomSecret, HasTheLengthAndAlphabetAndDiffers)
{
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const auto t = tnt::crypto::randomToken(22);
        ASSERT_EQ(t.size(), 22u);
        for (char c : t) ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << t;
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 100u);
}
