// The service's edge, over real sockets: the client address behind a trusted proxy (rate limit per
// client, not per proxy), one spelling per route, HEAD without a body, error responses whatever bytes the
// request carries, and TLS options refused with a pointer to nginx.
#include <gtest/gtest.h>

#include <unistd.h>

#include "tests/support/service_fixture.h"

using namespace tnt::testing;

namespace {

HttpResult submitFrom(int port, const std::string& forwarded_for)
{
    return httpPostJson(port, "/api/v1/forms/avis/responses", {{"answers", {{"note", 3}}}},
                        {{"X-Forwarded-For", forwarded_for}});
}

// A service on the fixture forms with `extra` arguments.
std::unique_ptr<ServiceProcess> startOnFixtures(const TestEnvironment& env, const TestDatabase& db, int port,
                                                std::vector<std::string> extra)
{
    std::vector<std::string> args{"serve",   "--listen", "127.0.0.1:" + std::to_string(port),
                                  "--forms", env.source_dir + "/tests/e2e/data/forms",
                                  "--schema", env.source_dir + "/schema"};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<ServiceProcess>(env.binary, args, databaseEnvironment(db.settings()));
}

}  // namespace

class EdgeTest : public SharedServiceSuite<EdgeTest> {
protected:
    static void SetUpTestSuite() { startSuite(); }
};

TEST_F(EdgeTest, NonCanonicalPathsMatchNoRouteAndGetIsSentToTheOneSpelling)
{
    const auto metrics = httpGet(port, "/metrics/");
    EXPECT_EQ(metrics.status, 308);
    EXPECT_EQ(metrics.header("location"), "/metrics");
    EXPECT_EQ(metrics.body.find("tnt_http_requests_total"), std::string::npos) << "no metrics behind the slash";
    EXPECT_EQ(httpGet(port, "/pilote/").header("location"), "/pilote");
    const auto query = httpGet(port, "/api/v1/forms/avis/?x=1");
    EXPECT_EQ(query.status, 308);
    EXPECT_EQ(query.header("location"), "/api/v1/forms/avis?x=1");
    const auto encoded = httpGet(port, "/api/v1/forms/avis/?from=2000-01-01%2010%3A00");
    EXPECT_EQ(encoded.header("location").rfind("/api/v1/forms/avis?from=2000-01-01", 0), 0u) << "the query kept";
    EXPECT_EQ(encoded.header("location").find(' '), std::string::npos) << encoded.header("location");
    for (const char* path : {"/api/v1/forms/avis/responses/", "/api/v1/forms//avis/responses", "/f/avis/"}) {
        const auto r = httpPostJson(port, path, {{"answers", {{"note", 3}}}});
        EXPECT_EQ(r.status, 404) << path;
    }
}

TEST_F(EdgeTest, HeadAnswersHeadersOnlyAndNeverRunsAnExport)
{
    const int fd = connectLoopback(port);
    ASSERT_GE(fd, 0);
    // Two requests on one kept-alive connection: no stray body bytes may come between the two heads.
    const auto raw = exchangeRaw(fd, "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    ::close(fd);
    const auto first_end = raw.find("\r\n\r\n");
    ASSERT_NE(first_end, std::string::npos) << raw;
    EXPECT_EQ(raw.rfind("HTTP/1.1 200", 0), 0u) << raw;
    const auto rest = raw.substr(first_end + 4);
    EXPECT_TRUE(rest.empty() || rest.rfind("HTTP/1.1 200", 0) == 0) << "bytes after the HEAD's headers: " << rest;
    EXPECT_EQ(httpRequest(port, "HEAD", "/api/v1/forms/avis/responses.csv").status, 405);
}

TEST_F(EdgeTest, InvalidUtf8AnywhereStillGetsACleanJsonError)
{
    for (const std::string path : {"/api/v1/forms/%FF%FE", "/api/v1/forms/\xff\xfe", "/nulle-part/\xc3",
                                   "/api/v1/forms/avis/responses.csv?from=\xff"}) {
        const auto r = httpGet(port, path);
        ASSERT_GE(r.status, 400) << path;
        ASSERT_LT(r.status, 500) << path;
        EXPECT_NO_THROW((void)r.json()) << r.body;
        EXPECT_EQ(r.body.find('\xff'), std::string::npos) << "raw request bytes are never echoed";
        EXPECT_FALSE(r.header("content-security-policy").empty());
    }
}

TEST(EdgeServiceTest, RateLimitIsPerClientBehindATrustedProxyAndPerPeerOtherwise)
{
    TestEnvironment env;
    TNT_REQUIRE_TEST_DATABASE(env);
    TestDatabase db(env);
    const int trusting = freePort();
    auto behind_proxy = startOnFixtures(env, db, trusting, {"--rate-limit", "2", "--trusted-proxy", "127.0.0.1"});
    ASSERT_TRUE(behind_proxy->waitUntilHealthy(trusting)) << behind_proxy->log();
    EXPECT_EQ(submitFrom(trusting, "203.0.113.1").status, 201);
    EXPECT_EQ(submitFrom(trusting, "203.0.113.1").status, 201);
    EXPECT_EQ(submitFrom(trusting, "203.0.113.1").status, 429) << "the third of one client is refused";
    EXPECT_EQ(submitFrom(trusting, "203.0.113.2").status, 201) << "another client behind the same proxy is not";
    EXPECT_EQ(submitFrom(trusting, "203.0.113.2, 203.0.113.1").status, 429)
        << "only the right-most entry, the one the proxy appended, is believed";

    const int direct = freePort();
    auto exposed = startOnFixtures(env, db, direct, {"--rate-limit", "2"});
    ASSERT_TRUE(exposed->waitUntilHealthy(direct)) << exposed->log();
    EXPECT_EQ(submitFrom(direct, "198.51.100.1").status, 201);
    EXPECT_EQ(submitFrom(direct, "198.51.100.2").status, 201);
    EXPECT_EQ(submitFrom(direct, "198.51.100.3").status, 429)
        << "without --trusted-proxy a client cannot pick a new address per request";
}

TEST(EdgeServiceTest, TlsOptionsAreRefusedWithAPointerToNginx)
{
    TestEnvironment env;
    TNT_REQUIRE_TEST_DATABASE(env);
    const auto r = runCommand(env.binary, {"serve", "--tls-cert", "/etc/ssl/cert.pem", "--tls-key", "/etc/ssl/key.pem",
                                           "--forms", env.source_dir + "/forms", "--schema", env.source_dir + "/schema"});
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("nginx"), std::string::npos) << r.output;
}
