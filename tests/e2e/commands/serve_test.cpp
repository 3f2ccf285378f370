#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/support/private_database.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;

namespace {

struct ServeTest : ::testing::Test {
    TestEnvironment env;
    std::unique_ptr<TestDatabase> db;
    int port = 0;
    std::unique_ptr<ServiceProcess> service;

    void SetUp() override
    {
        TNT_REQUIRE_TEST_DATABASE(env);
        db = std::make_unique<TestDatabase>(env);
        port = freePort();
        service = startService(env, db->settings(), port);
        ASSERT_TRUE(service->waitUntilHealthy(port)) << service->log();
    }
};

}  // namespace

TEST_F(ServeTest, HealthAndReadinessAnswer)
{
    EXPECT_EQ(httpGet(port, "/healthz").status, 200);
    const auto ready = httpGet(port, "/readyz");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(ready.json()["database"], "ok");
}

TEST_F(ServeTest, StartupAppliedTheMigrations)
{
    EXPECT_GE(db->count("schema_migrations"), 1);
}

TEST_F(ServeTest, MetricsAreInPrometheusFormat)
{
    httpGet(port, "/readyz");
    const auto m = httpGet(port, "/metrics");
    EXPECT_EQ(m.status, 200);
    EXPECT_NE(m.header("content-type").find("text/plain"), std::string::npos);
    EXPECT_NE(m.body.find("tnt_http_requests_total{route=\"/readyz\",method=\"GET\",status=\"200\"}"),
              std::string::npos)
        << m.body;
    EXPECT_NE(m.body.find("tnt_http_request_duration_seconds_bucket{route=\"/readyz\",le=\"+Inf\"}"),
              std::string::npos);
    EXPECT_NE(m.body.find("tnt_db_connections_in_use "), std::string::npos);
}

TEST_F(ServeTest, UnknownRouteIsJsonNotFoundAndWrongMethodIs405)
{
    const auto missing = httpGet(port, "/n-existe-pas");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.json()["error"], "not_found");
    const auto wrong = httpRequest(port, "DELETE", "/readyz");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_EQ(wrong.header("allow"), "GET");
}

TEST_F(ServeTest, OneLogLinePerRequestWithRouteStatusAndDuration)
{
    httpGet(port, "/readyz?token=do-not-log-me");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the request log is asynchronous
    const auto log = service->log();
    EXPECT_NE(log.find("GET /readyz 200 "), std::string::npos) << log;
    EXPECT_EQ(log.find("do-not-log-me"), std::string::npos);
    EXPECT_EQ(log.find(db->settings().password), std::string::npos) << "the password must never be logged";
}

TEST_F(ServeTest, Http11ConnectionsStayOpenForTheNextRequest)
{
    // No Connection header: HTTP/1.1 persistence is the default (RFC 9112 §9.3).
    const int fd = connectLoopback(port);
    ASSERT_GE(fd, 0);
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    const auto first = exchangeRaw(fd, request);
    EXPECT_EQ(first.rfind("HTTP/1.1 200", 0), 0u) << first;
    EXPECT_NE(first.find("Connection: Keep-Alive"), std::string::npos) << first;
    const auto second = exchangeRaw(fd, request);
    EXPECT_EQ(second.rfind("HTTP/1.1 200", 0), 0u) << "the second request on the same connection: " << second;
    ::close(fd);
}

TEST_F(ServeTest, ConnectionCloseAndHttp10AreAnsweredWithClose)
{
    for (const std::string request :
         {"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", "GET /healthz HTTP/1.0\r\n\r\n"}) {
        const int fd = connectLoopback(port);
        ASSERT_GE(fd, 0);
        const auto answer = exchangeRaw(fd, request);
        EXPECT_NE(answer.find(" 200 OK"), std::string::npos) << answer;
        EXPECT_NE(answer.find("Connection: Close"), std::string::npos) << answer;
        ::close(fd);
    }
}

TEST(KeepAliveTest, AnIdleConnectionIsClosedAfterTheKeepaliveTimeout)
{
    TestEnvironment env;
    TNT_REQUIRE_TEST_DATABASE(env);
    TestDatabase db(env);
    const int port = freePort();
    auto service = startService(env, db.settings(), port, {"--keepalive-timeout", "1"});
    ASSERT_TRUE(service->waitUntilHealthy(port)) << service->log();
    const int fd = connectLoopback(port);
    ASSERT_GE(fd, 0);
    const auto answer = exchangeRaw(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
    // Idle from now on: the service must close its side (recv() sees the end) instead of keeping the
    // connection, and its file descriptor, forever.
    pollfd p{fd, POLLIN, 0};
    char byte = 0;
    const bool readable = ::poll(&p, 1, 10000) == 1;
    EXPECT_TRUE(readable) << "still open after 10 s";
    if (readable) {
        EXPECT_EQ(::recv(fd, &byte, 1, 0), 0) << "closed, without sending anything more";
    }
    ::close(fd);
}

TEST_F(ServeTest, SigtermStopsCleanlyWithExitZero)
{
    EXPECT_EQ(service->stop(), 0) << service->log();
    EXPECT_NE(service->log().find("stopped cleanly"), std::string::npos);
}

// /readyz follows the database: 503 while it is down, 200 again after it restarts, same service process.
TEST(ReadinessTest, ReadyzFollowsADatabaseRestartWithoutRestartingTheService)
{
    TestEnvironment env;
    TNT_REQUIRE_TEST_DATABASE(env);
    PrivateDatabase db(env);
    const int port = freePort();
    auto service = startService(env, db.settings, port);
    ASSERT_TRUE(service->waitUntilHealthy(port)) << service->log();
    EXPECT_EQ(httpGet(port, "/readyz").status, 200);

    db.run("stop");
    const auto down = httpGet(port, "/readyz");
    EXPECT_EQ(down.status, 503);
    EXPECT_EQ(down.json()["error"], "unavailable");
    EXPECT_FALSE(down.header("retry-after").empty());
    EXPECT_EQ(httpGet(port, "/healthz").status, 200) << "the process itself stays up";

    db.run("start");
    int status = 0;
    for (int i = 0; i < 100 && status != 200; ++i) {
        status = httpGet(port, "/readyz").status;
        if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(status, 200) << service->log();
    EXPECT_TRUE(service->running());
    EXPECT_EQ(service->stop(), 0) << service->log();
}
