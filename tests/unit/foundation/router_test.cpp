#include <gtest/gtest.h>

#include "service/http/router.h"

using namespace tnt::http;

namespace {

Router makeRouter()
{
    Router r;
    const auto ok = [](const HttpRequest&) { return HttpResponse::text(200, "ok"); };
    r.add("GET", "/api/v1/forms", ok);
    r.add("GET", "/api/v1/forms/{slug}", ok);
    r.add("POST", "/api/v1/forms/{slug}/responses", ok);
    r.add("GET", "/f/{slug}", ok);
    r.add("POST", "/f/{slug}", ok);
    return r;
}

}  // namespace

TEST(Router, MatchesLiteralRoutes)
{
    const auto r = makeRouter();
    const auto m = r.match("GET", "/api/v1/forms");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->pattern, "/api/v1/forms");
}

TEST(Router, ExtractsParameters)
{
    const auto r = makeRouter();
    const auto m = r.match("POST", "/api/v1/forms/satisfaction-agenda/responses");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->pattern, "/api/v1/forms/{slug}/responses");
    EXPECT_EQ(m.params.at("slug"), "satisfaction-agenda");
}

TEST(Router, TrailingSlashIsTheSameRoute)
{
    const auto r = makeRouter();
    EXPECT_NE(r.match("GET", "/api/v1/forms/").route, nullptr);
}

TEST(Router, UnknownPathGivesNoRouteAndNoAllowedMethods)
{
    const auto r = makeRouter();
    const auto m = r.match("GET", "/api/v2/forms");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_TRUE(m.allowed.empty());
}

TEST(Router, WrongMethodListsTheAllowedOnes)
{
    const auto r = makeRouter();
    const auto m = r.match("DELETE", "/f/abc");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "POST"}));
}

TEST(Router, HeadIsServedByGet)
{
    const auto r = makeRouter();
    const auto m = r.match("HEAD", "/f/abc");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->method, "GET");
}
