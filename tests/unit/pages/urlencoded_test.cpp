// The urlencoded parser the HTML form posts go through: byte-exact decoding, order and repeated names kept.
#include <gtest/gtest.h>

#include "service/http/urlencoded.h"

namespace tnt::http {
namespace {

using Pairs = FormFields;

TEST(UrlEncoded, DecodesPlusAndPercentEscapes)
{
    EXPECT_EQ(parseUrlEncoded("nom=Jean+Dupont&ville=Saint-%C3%89tienne"),
              (Pairs{{"nom", "Jean Dupont"}, {"ville", "Saint-Étienne"}}));
    EXPECT_EQ(parseUrlEncoded("a=%2B%26%3D%25"), (Pairs{{"a", "+&=%"}}));
    EXPECT_EQ(parseUrlEncoded("a=%e9%E9"), (Pairs{{"a", "\xe9\xe9"}}));
}

TEST(UrlEncoded, KeepsRepeatedNamesInOrderForCheckboxes)
{
    EXPECT_EQ(parseUrlEncoded("themes=cyber&nom=A&themes=donnees&themes=autre"),
              (Pairs{{"themes", "cyber"}, {"nom", "A"}, {"themes", "donnees"}, {"themes", "autre"}}));
}

TEST(UrlEncoded, DecodesNamesToo)
{
    EXPECT_EQ(parseUrlEncoded("fonction.autre=x&r%C3%B4le=1"), (Pairs{{"fonction.autre", "x"}, {"rôle", "1"}}));
}

TEST(UrlEncoded, EmptyPiecesAndMissingValues)
{
    EXPECT_EQ(parseUrlEncoded(""), Pairs{});
    EXPECT_EQ(parseUrlEncoded("&&a=1&&"), (Pairs{{"a", "1"}}));
    EXPECT_EQ(parseUrlEncoded("a&b=&=c"), (Pairs{{"a", ""}, {"b", ""}, {"", "c"}}));
    EXPECT_EQ(parseUrlEncoded("a=1=2"), (Pairs{{"a", "1=2"}}));
}

TEST(UrlEncoded, MalformedEscapesAreKeptAsTyped)
{
    EXPECT_EQ(parseUrlEncoded("a=100%&b=%zz&c=%4"), (Pairs{{"a", "100%"}, {"b", "%zz"}, {"c", "%4"}}));
}

TEST(UrlEncoded, PercentDecodeCanKeepPlus)
{
    EXPECT_EQ(percentDecode("a+b%20c", false), "a+b c");
    EXPECT_EQ(percentDecode("a+b%20c"), "a b c");
}

TEST(UrlEncoded, EncodeRoundTrips)
{
    const std::string text = "Élu & agent = 100 % + « autre »\n";
    EXPECT_EQ(urlEncode("a b"), "a+b");
    const auto parsed = parseUrlEncoded("k=" + urlEncode(text));
    ASSERT_EQ(parsed.size(), 1u);
    EXPECT_EQ(parsed[0].second, text);
}

TEST(UrlEncoded, RecognisesTheContentType)
{
    EXPECT_TRUE(isUrlEncodedContentType("application/x-www-form-urlencoded"));
    EXPECT_TRUE(isUrlEncodedContentType("Application/X-WWW-Form-URLEncoded; charset=UTF-8"));
    EXPECT_TRUE(isUrlEncodedContentType(" application/x-www-form-urlencoded ;charset=utf-8"));
    EXPECT_FALSE(isUrlEncodedContentType("application/json"));
    EXPECT_FALSE(isUrlEncodedContentType("multipart/form-data; boundary=x"));
    EXPECT_FALSE(isUrlEncodedContentType("application/x-www-form-urlencodedx"));
    EXPECT_FALSE(isUrlEncodedContentType(""));
}

}  // namespace
}  // namespace tnt::http
