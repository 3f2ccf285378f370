// The announced body is judged from the head alone, before any of it is read or reserved.
#include <gtest/gtest.h>

#include "service/http/request_head.h"

using tnt::http::refuseAnnouncedBody;
using tnt::http::requestHeadLength;

namespace {

std::string head(const std::string& headers)
{
    return "POST /api/v1/forms/avis/responses HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
}

int refusal(const std::string& headers, std::size_t max = 1 << 20)
{
    const auto error = refuseAnnouncedBody(head(headers), max);
    return error ? error->status() : 0;
}

}  // namespace

TEST(RequestHead, LengthIsKnownOnlyOnceTheBlankLineIsIn)
{
    EXPECT_FALSE(requestHeadLength("GET / HTTP/1.1\r\nHost: x\r\n"));
    const std::string complete = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    EXPECT_EQ(requestHeadLength(complete + "body"), complete.size());
}

TEST(RequestHead, AcceptsOrdinaryLengthsAndNone)
{
    EXPECT_EQ(refusal(""), 0);
    EXPECT_EQ(refusal("Content-Length: 0\r\n"), 0);
    EXPECT_EQ(refusal("content-length:   1048576 \r\n"), 0) << "the limit itself";
    EXPECT_EQ(refusal("Content-Length: 12, 12\r\n"), 0) << "one length written twice";
    EXPECT_EQ(refusal("Content-Length: 12\r\nCONTENT-LENGTH: 12\r\n"), 0);
    EXPECT_EQ(refusal("Transfer-Encoding: chunked\r\n"), 0) << "chunked alone is Pistache's to read";
}

TEST(RequestHead, RefusesLengthsThatAreNotOneDecimalNumber)
{
    for (const char* bad :
         {"Content-Length: -1\r\n", "Content-Length: +5\r\n", "Content-Length: 0x10\r\n", "Content-Length: \r\n",
          "Content-Length: 1 2\r\n", "Content-Length: 5\r\nContent-Length: 6\r\n", "Content-Length: 5, 6\r\n",
          "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"}) {
        const auto error = refuseAnnouncedBody(head(bad), 1 << 20);
        ASSERT_TRUE(error) << bad;
        EXPECT_EQ(error->status(), 400) << bad;
        EXPECT_EQ(error->code(), "invalid_content_length") << bad;
    }
}

TEST(RequestHead, RefusesLengthsAboveTheLimitWithoutOverflowing)
{
    EXPECT_EQ(refusal("Content-Length: 1048577\r\n"), 413);
    EXPECT_EQ(refusal("Content-Length: 100000000000000\r\n"), 413);
    EXPECT_EQ(refusal("Content-Length: 99999999999999999999999999999\r\n"), 413);
    EXPECT_EQ(refusal("Content-Length: 0000000000000000000000000010\r\n", 10), 0) << "leading zeros are not size";
}
