// Signed CSRF tokens: valid for their scope for 24 hours, refused when tampered with, expired, from the
// future, malformed or signed with another key.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "service/http/csrf.h"

namespace tnt::http {
namespace {

using namespace std::chrono_literals;
const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

TEST(Csrf, IssuedTokenIsValidForItsScope)
{
    const CsrfSigner signer("une-cle-de-test-assez-longue");
    const auto token = signer.issue("avis", t0);
    EXPECT_EQ(signer.verify(token, "avis", t0), CsrfCheck::valid);
    EXPECT_EQ(signer.verify(token, "avis", t0 + 23h + 59min), CsrfCheck::valid);
    EXPECT_EQ(signer.verify(token, "avis", t0 + 24h), CsrfCheck::valid);
}

TEST(Csrf, TwoTokensDiffer)
{
    const CsrfSigner signer("une-cle-de-test-assez-longue");
    EXPECT_NE(signer.issue("avis", t0), signer.issue("avis", t0));
}

TEST(Csrf, ExpiresAfterOneDayAndRefusesTheFuture)
{
    const CsrfSigner signer("une-cle-de-test-assez-longue");
    const auto token = signer.issue("avis", t0);
    EXPECT_EQ(signer.verify(token, "avis", t0 + 24h + 1s), CsrfCheck::expired);
    EXPECT_EQ(signer.verify(token, "avis", t0 - 4min), CsrfCheck::valid);
    EXPECT_EQ(signer.verify(token, "avis", t0 - 6min), CsrfCheck::expired);
}

TEST(Csrf, AnotherScopeOrKeyIsAForgery)
{
    const CsrfSigner signer("une-cle-de-test-assez-longue");
    const CsrfSigner other("une-autre-cle-de-test-longue");
    const auto token = signer.issue("avis", t0);
    EXPECT_EQ(signer.verify(token, "clos-2021", t0), CsrfCheck::forged);
    EXPECT_EQ(other.verify(token, "avis", t0), CsrfCheck::forged);
}

TEST(Csrf, TamperingWithAnyPartIsAForgery)
{
    const CsrfSigner signer("une-cle-de-test-assez-longue");
    const auto token = signer.issue("avis", t0);
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    // A later issue time (to extend the life of a stolen token) breaks the signature.
    const auto later = std::to_string(std::stoll(token.substr(0, first)) + 3600) + token.substr(first);
    EXPECT_EQ(signer.verify(later, "avis", t0), CsrfCheck::forged);
    auto nonce = token;
    nonce[first + 1] = nonce[first + 1] == 'A' ? 'B' : 'A';
    EXPECT_EQ(signer.verify(nonce, "avis", t0), CsrfCheck::forged);
    auto signature = token;
    signature.back() = signature.back() == '0' ? '1' : '0';
    EXPECT_EQ(signer.verify(signature, "avis", t0), CsrfCheck::forged);
    EXPECT_EQ(signer.verify(token.substr(0, second + 1), "avis", t0), CsrfCheck::forged);
}

TEST(Csrf, MissingAndMalformedTokens)
{
    const CsrfSigner signer("une-cle-de-test-assez-longue");
    EXPECT_EQ(signer.verify("", "avis", t0), CsrfCheck::missing);
    EXPECT_EQ(signer.verify("abc", "avis", t0), CsrfCheck::malformed);
    EXPECT_EQ(signer.verify("abc.def.0123", "avis", t0), CsrfCheck::malformed);
    EXPECT_EQ(signer.verify("123..0123", "avis", t0), CsrfCheck::malformed);
    EXPECT_EQ(signer.verify(std::string(300, '1') + ".a.b", "avis", t0), CsrfCheck::malformed);
}

TEST(Csrf, KeyFromFileIsStableAcrossRestarts)
{
    const std::string path = ::testing::TempDir() + "/csrf-key-test";
    std::ofstream(path) << "0123456789abcdef0123456789abcdef\n";
    const auto token = CsrfSigner::fromKeyFile(path).issue("avis", t0);
    EXPECT_EQ(CsrfSigner::fromKeyFile(path).verify(token, "avis", t0), CsrfCheck::valid);
    // Without a file, each start has its own random key.
    EXPECT_EQ(CsrfSigner::fromKeyFile("").verify(token, "avis", t0), CsrfCheck::forged);
    std::ofstream(path) << "court\n";
    EXPECT_THROW(CsrfSigner::fromKeyFile(path), std::runtime_error);
    EXPECT_THROW(CsrfSigner::fromKeyFile(path + "-absent"), std::runtime_error);
    std::remove(path.c_str());
}

}  // namespace
}  // namespace tnt::http
