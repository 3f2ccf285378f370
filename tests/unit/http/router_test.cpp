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

TEST(Router, EachRouteHasOneSpellingAndOthersPointToItForGet)
{
    const auto r = makeRouter();
    for (const char* path : {"/api/v1/forms/", "/api/v1//forms", "//api/v1/forms", "/f/abc/"}) {
        const auto m = r.match("GET", path);
        EXPECT_EQ(m.route, nullptr) << path;
        EXPECT_TRUE(m.allowed.empty()) << path;
    }
    EXPECT_EQ(r.match("GET", "/api/v1/forms/").canonical_get, "/api/v1/forms");
    EXPECT_EQ(r.match("POST", "/f//abc").canonical_get, "/f/abc");
    EXPECT_EQ(r.match("POST", "/api/v1/forms/x/responses/").route, nullptr) << "no POST route has two spellings";
    EXPECT_EQ(r.match("POST", "/api/v1/forms/x/responses/").canonical_get, "") << "and no GET route has this path";
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

TEST(Router, HeadIsServedByTheGetOfCheapRoutesOnly)
{
    auto r = makeRouter();
    r.add(
        "GET", "/healthz", [](const HttpRequest&) { return HttpResponse::text(200, "ok"); },
        Execution::inline_on_reactor);
    const auto m = r.match("HEAD", "/healthz");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->method, "GET");
    const auto worker = r.match("HEAD", "/f/abc");
    EXPECT_EQ(worker.route, nullptr) << "a worker route's GET does real work: HEAD is 405 there";
    EXPECT_EQ(worker.allowed, (std::vector<std::string>{"GET", "POST"}));
}
