#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <set>

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"
#include "service/crypto/secret_key_file.h"
#include "service/submission/receipt_secrets.h"

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

TEST(RandomSecret, DrawsOnlyFromTheGivenAlphabet)
{
    const std::string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    std::set<char> seen;
    for (int i = 0; i < 200; ++i) {
        const auto t = tnt::crypto::randomToken(16, alphabet);
        ASSERT_EQ(t.size(), 16u);
        for (char c : t) {
            ASSERT_NE(alphabet.find(c), std::string::npos) << t;
            seen.insert(c);
        }
    }
    EXPECT_EQ(seen.size(), alphabet.size()) << "3,200 draws reach every character";
}

TEST(SecretKeyFile, ReadsTheFirstLineAndRefusesShortOrMissingFiles)
{
    char path[] = "/tmp/tnt-forms-key.XXXXXX";
    const int fd = ::mkstemp(path);
    ASSERT_GE(fd, 0);
    ::close(fd);
    std::ofstream(path) << "0123456789abcdef0123 \r\nsecond line\n";
    EXPECT_EQ(tnt::crypto::readSecretKeyFile(path), "0123456789abcdef0123");
    std::ofstream(path) << "short\n";
    EXPECT_THROW(tnt::crypto::readSecretKeyFile(path), std::runtime_error);
    ::unlink(path);
    EXPECT_THROW(tnt::crypto::readSecretKeyFile(path), std::runtime_error);
    EXPECT_EQ(tnt::crypto::readSecretKeyFile("").size(), 64u) << "no file: a random key";
}

TEST(ReceiptSecrets, AreStableForAnIdempotencyKeyAndOtherwiseRandom)
{
    using tnt::submission::ReceiptSecrets;
    const ReceiptSecrets receipts("a-service-key-of-some-length");
    const auto a = receipts.issue("avis", std::string("jeton-1"));
    EXPECT_TRUE(ReceiptSecrets::wellFormed(a)) << a;
    EXPECT_EQ(receipts.issue("avis", std::string("jeton-1")), a) << "a replay gets the same receipt";
    EXPECT_NE(receipts.issue("avis", std::string("jeton-2")), a);
    EXPECT_NE(receipts.issue("autre", std::string("jeton-1")), a) << "another form, another secret";
    EXPECT_NE(ReceiptSecrets("another-service-key-entirely").issue("avis", std::string("jeton-1")), a)
        << "without the service's key nobody derives it";
    const auto r1 = receipts.issue("avis", std::nullopt);
    EXPECT_TRUE(ReceiptSecrets::wellFormed(r1));
    EXPECT_NE(receipts.issue("avis", std::nullopt), r1);
    EXPECT_EQ(ReceiptSecrets::hash(a), tnt::crypto::sha256Hex(a)) << "stored as its SHA-256";
    EXPECT_FALSE(ReceiptSecrets::wellFormed("K7QM3XHT9PZRW2NA")) << "a response number is not a receipt";
    EXPECT_FALSE(ReceiptSecrets::wellFormed(std::string(40, 'G')));
}
