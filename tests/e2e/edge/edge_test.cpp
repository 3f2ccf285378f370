// The service's edge, over real sockets: the client address behind a trusted proxy (rate limit per
// client, not per proxy), one spelling per route, HEAD without a body, error responses whatever bytes the
// request carries, and TLS options refused with a pointer to nginx.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

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
    return std::make_unique<ServiceProcess>(env.binary, serveArgs(env, port, fixtureForms(env), extra),
                                            databaseEnvironment(db.settings()));
}

// Whether the server ends the connection (a read returns end of stream) within `timeout_ms`; bytes that
// arrive first are appended to `received`.
bool closedByServer(int fd, int timeout_ms, std::string& received)
{
    char buf[4096];
    while (true) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) return false;
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return true;
        received.append(buf, static_cast<std::size_t>(n));
    }
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
    const auto raw =
        exchangeRaw(fd, "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
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
    const auto r =
        runCommand(env.binary, {"serve", "--tls-cert", "/etc/ssl/cert.pem", "--tls-key", "/etc/ssl/key.pem", "--forms",
                                env.source_dir + "/forms", "--schema", env.source_dir + "/schema"});
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("nginx"), std::string::npos) << r.output;
}

TEST_F(EdgeTest, ConnectionCloseEndsTheConnectionRightAfterTheResponse)
{
    for (const std::string request :
         {"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "GET /healthz HTTP/1.0\r\n\r\n"}) {
        const int fd = connectLoopback(port);
        ASSERT_GE(fd, 0);
        auto raw = exchangeRaw(fd, request);
        EXPECT_EQ(raw.find(" 200 OK\r\n"), 8u) << raw;  // in the request's own version
        // Before, the socket stayed open for the keep-alive timeout (75 s).
        EXPECT_TRUE(closedByServer(fd, 5000, raw)) << "still open 5 s after its last response: " << request;
        ::close(fd);
    }
    const int fd = connectLoopback(port);
    ASSERT_GE(fd, 0);
    std::string raw = exchangeRaw(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_FALSE(closedByServer(fd, 300, raw)) << "without Connection: close, HTTP/1.1 stays open";
    ::close(fd);
}

TEST_F(EdgeTest, AnnouncedBodiesAreJudgedBeforeAByteOfThemIsRead)
{
    const std::string head =
        "POST /api/v1/forms/avis/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    const std::vector<std::pair<std::string, int>> cases{
        {"Content-Length: -1\r\n", 400},
        {"Content-Length: 100000000000000\r\n", 413},
        {"Content-Length: 2000000\r\n", 413},
        {"Content-Length: 2\r\nContent-Length: 40\r\n", 400},
        {"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", 400},
    };
    for (const auto& [headers, status] : cases) {
        const int fd = connectLoopback(port);
        ASSERT_GE(fd, 0);
        // The head alone: the answer must not wait for a body.
        auto raw = exchangeRaw(fd, head + headers + "\r\n", 5000);
        EXPECT_EQ(raw.rfind("HTTP/1.1 " + std::to_string(status), 0), 0u) << headers << raw;
        EXPECT_NE(raw.find(status == 413 ? "\"payload_too_large\"" : "\"invalid_content_length\""), std::string::npos)
            << raw;
        EXPECT_NE(raw.find("Content-Security-Policy"), std::string::npos) << "the security headers, as any response";
        EXPECT_EQ(raw.find("basic_string"), std::string::npos) << "no C++ text";
        EXPECT_TRUE(closedByServer(fd, 5000, raw)) << "the body is never read: the connection ends";
        ::close(fd);
    }
    EXPECT_EQ(httpGet(port, "/healthz").status, 200);
}

TEST(EdgeServiceTest, AKeptAliveConnectionGetsTheHeaderTimeoutForItsNextRequest)
{
    TestEnvironment env;
    TNT_REQUIRE_TEST_DATABASE(env);
    TestDatabase db(env);
    const int port = freePort();
    auto service = startOnFixtures(env, db, port, {"--header-timeout", "2"});
    ASSERT_TRUE(service->waitUntilHealthy(port)) << service->log();

    const int fd = connectLoopback(port);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(exchangeRaw(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").rfind("HTTP/1.1 200", 0), 0u);
    // Idle longer than the header timeout: an idle connection has the keep-alive timeout, and the next
    // request's header timeout counts from its first byte.
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    EXPECT_EQ(exchangeRaw(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").rfind("HTTP/1.1 200", 0), 0u);
    // A head that never ends is cut at the header timeout, not at the keep-alive timeout (75 s).
    std::string raw = exchangeRaw(fd, "GET /healthz HTTP/1.1\r\nHo", 100);
    EXPECT_TRUE(closedByServer(fd, 15000, raw)) << "a slow head on a kept-alive connection holds it";
    EXPECT_EQ(raw.rfind("HTTP/1.1 408", 0), 0u) << raw;
    ::close(fd);
}
