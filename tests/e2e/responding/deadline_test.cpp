// Deadlines read on the server's clock (a clock file stands in for it): the exact closing second of the
// 2021 rule, a retry after the close, and the per-address rate limit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using nlohmann::json;

namespace {

class DeadlineTest : public ::testing::Test {
protected:
    TestEnvironment env;
    std::unique_ptr<TestDatabase> db;
    std::unique_ptr<ServiceProcess> service;
    std::unique_ptr<TestClock> clock;
    int port = 0;

    void SetUp() override
    {
        TNT_REQUIRE_TEST_DATABASE(env);
        db = std::make_unique<TestDatabase>(env);
        clock = std::make_unique<TestClock>(db->name(), "2021-12-01T10:00:00.000000Z");
        port = freePort();
        service = startServiceOnClock(env, db->settings(), port, *clock, {"--rate-limit", "3"});
        ASSERT_TRUE(service->waitUntilHealthy(port)) << service->log();
    }
    void TearDown() override
    {
        service.reset();
        clock.reset();
    }
    void setClock(const std::string& iso) { clock->set(iso); }
    HttpResult submit(const json& answers, std::vector<std::pair<std::string, std::string>> headers = {})
    {
        return httpPostJson(port, "/api/v1/forms/clos-2021/responses", json{{"answers", answers}}, std::move(headers));
    }
};

}  // namespace

// "jusqu'au 8 décembre 2021": the last microsecond of 8 December in Paris (UTC+1) is accepted, midnight is not.
TEST_F(DeadlineTest, TheLastMicrosecondOfTheClosingDayIsAcceptedAndMidnightIsNot)
{
    setClock("2021-12-08T22:59:59.999999Z");
    const auto last = submit({{"note", 4}});
    EXPECT_EQ(last.status, 201) << last.body;
    setClock("2021-12-08T23:00:00.000000Z");
    const auto late = submit({{"note", 4}});
    EXPECT_EQ(late.status, 410) << late.body;
    EXPECT_EQ(late.json()["error"], "form_closed");
    EXPECT_EQ(db->count("responses"), 1);
}

TEST_F(DeadlineTest, ARetryOfAStoredResponseIsNeverRejectedAfterTheClose)
{
    setClock("2021-12-08T22:59:00Z");
    const auto first = submit({{"note", 3}}, {{"Idempotency-Key", "envoi-tardif"}});
    ASSERT_EQ(first.status, 201);
    setClock("2021-12-09T08:00:00Z");
    const auto retry = submit({{"note", 3}}, {{"Idempotency-Key", "envoi-tardif"}});
    EXPECT_EQ(retry.status, 201) << retry.body;
    EXPECT_EQ(retry.json()["id"], first.json()["id"]);
    EXPECT_EQ(db->count("responses"), 1);
}

TEST_F(DeadlineTest, TheStatusInTheListFollowsTheClock)
{
    setClock("2021-10-31T22:59:59Z");
    auto list = httpGet(port, "/api/v1/forms").json()["forms"];
    auto statusOf = [&](const std::string& slug) {
        for (const auto& f : list) {
            if (f["slug"] == slug) return f["status"].get<std::string>();
        }
        return std::string();
    };
    EXPECT_EQ(statusOf("clos-2021"), "upcoming");
    setClock("2021-10-31T23:00:00Z");
    list = httpGet(port, "/api/v1/forms").json()["forms"];
    EXPECT_EQ(statusOf("clos-2021"), "open");
}

TEST_F(DeadlineTest, TooManySubmissionsFromOneAddressAre429WithRetryAfter)
{
    for (int i = 0; i < 3; ++i) ASSERT_EQ(submit({{"note", 1}}).status, 201);
    const auto limited = submit({{"note", 1}});
    EXPECT_EQ(limited.status, 429) << limited.body;
    EXPECT_EQ(limited.json()["error"], "rate_limited");
    EXPECT_GE(std::stoi(limited.header("retry-after")), 1);
    EXPECT_EQ(db->count("responses"), 3);
}
