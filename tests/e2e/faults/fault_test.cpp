// Faults under a steady submission load, against the real binary and a MariaDB of the test's own:
// (a) MariaDB killed with SIGKILL and restarted, (b) the service killed with SIGKILL and restarted while
// clients retry with their Idempotency-Key, (c) a read-only database. Every submission answered 201 must
// be stored, none twice, none without its answers.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/support/private_database.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using nlohmann::json;

namespace {

// Clients posting valid answers, each with its own Idempotency-Key, retrying the same key after a 503 or a
// dropped connection until it gets 201 or the load stops.
class Load {
public:
    Load(int& port, int clients) : port_(port)
    {
        for (int c = 0; c < clients; ++c) threads_.emplace_back([this, c] { run(c); });
    }
    ~Load() { stop(); }
    void stop()
    {
        stopping_ = true;
        for (auto& t : threads_) {
            if (t.joinable()) t.join();
        }
    }
    std::set<std::string> acknowledgedIds()
    {
        std::lock_guard lock(mutex_);
        return ids_;
    }
    std::size_t acknowledged()
    {
        std::lock_guard lock(mutex_);
        return ids_.size();
    }
    std::atomic<int> unavailable{0};  // 503 with error "unavailable" and a Retry-After
    std::atomic<int> malformed_errors{0};  // any other non-201 answer
    std::atomic<int> dropped{0};  // no answer at all (connection refused or cut)
    std::atomic<int> replays{0};  // a retried key answered with the first response

private:
    void run(int client)
    {
        for (int i = 0; !stopping_; ++i) {
            const auto key = "client-" + std::to_string(client) + "-" + std::to_string(i);
            const json body{{"answers", {{"note", 1 + i % 5}, {"commentaire", "charge " + key}}}};
            while (!stopping_) {
                const auto r = httpPostJson(port_, "/api/v1/forms/avis/responses", body, {{"Idempotency-Key", key}});
                if (r.status == 201) {
                    std::lock_guard lock(mutex_);
                    const auto id = r.json()["id"].get<std::string>();
                    if (!ids_.insert(id).second) ++duplicates_;
                    if (r.header("idempotent-replayed") == "true") ++replays;
                    break;
                }
                if (r.status == 0) {
                    ++dropped;
                } else if (r.status == 503 && r.json().value("error", "") == "unavailable" &&
                           !r.header("retry-after").empty()) {
                    ++unavailable;
                } else {
                    ++malformed_errors;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }

    int& port_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::set<std::string> ids_;
    int duplicates_ = 0;
    std::vector<std::thread> threads_;
};

std::string quoted(const std::set<std::string>& ids)
{
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "'" : ",'") + id + "'";
    return out;
}

struct FaultTest : ::testing::Test {
    TestEnvironment env;
    std::unique_ptr<PrivateDatabase> db;
    std::unique_ptr<ServiceProcess> service;
    int port = 0;

    void SetUp() override
    {
        TNT_REQUIRE_TEST_DATABASE(env);
        db = std::make_unique<PrivateDatabase>(env);
        port = freePort();
        startService();
    }
    void startService()
    {
        service = std::make_unique<ServiceProcess>(
            env.binary,
            std::vector<std::string>{"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--forms",
                                     env.source_dir + "/tests/e2e/data/forms", "--schema", env.source_dir + "/schema",
                                     "--rate-limit", "0", "--db-connect-timeout", "1"},
            databaseEnvironment(db->settings));
        ASSERT_TRUE(service->waitUntilHealthy(port)) << service->log();
    }
    // Every acknowledged id is stored, once, with its answers.
    void expectEverythingAcknowledgedIsStored(Load& load)
    {
        const auto ids = load.acknowledgedIds();
        ASSERT_FALSE(ids.empty());
        EXPECT_EQ(db->count("responses WHERE public_id IN (" + quoted(ids) + ")"), static_cast<long long>(ids.size()))
            << "lost acknowledged submissions";
        EXPECT_EQ(db->count("responses r WHERE r.answer_rows IS NULL OR JSON_LENGTH(r.answer_rows) = 0"), 0)
            << "a response without its answer rows";
        EXPECT_EQ(db->count("(SELECT idempotency_key FROM responses GROUP BY idempotency_key HAVING COUNT(*) > 1) d"),
                  0)
            << "a retried key stored twice";
    }
};

}  // namespace

TEST_F(FaultTest, DatabaseKilledAndRestartedLosesNothingAcknowledged)
{
    Load load(port, 6);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const auto before_kill = load.acknowledged();
    db->run("kill");
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    const auto health = httpGet(port, "/healthz");
    EXPECT_EQ(health.status, 200) << "the service stays up while its database is down";
    const auto ready = httpGet(port, "/readyz");
    EXPECT_EQ(ready.status, 503);
    EXPECT_FALSE(ready.header("retry-after").empty());
    EXPECT_GT(load.unavailable.load(), 0) << "clients were told 503 unavailable while the database was down";

    db->run("start");
    const auto restarted = std::chrono::steady_clock::now();
    while (httpGet(port, "/readyz").status != 200 &&
           std::chrono::steady_clock::now() - restarted < std::chrono::seconds(10)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const auto back_after = std::chrono::duration<double>(std::chrono::steady_clock::now() - restarted).count();
    EXPECT_LT(back_after, 5.0) << "ready again within 5 s of the database";
    const auto after_restart = load.acknowledged();
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    load.stop();
    EXPECT_GT(load.acknowledged(), after_restart) << "submissions are accepted again";
    EXPECT_TRUE(service->running()) << service->log();
    EXPECT_EQ(load.malformed_errors.load(), 0);
    std::printf(
        "[ faults  ] database kill: acknowledged %zu (before kill %zu), 503 unavailable %d, dropped %d, "
        "ready %.2f s after restart\n",
        load.acknowledged(), before_kill, load.unavailable.load(), load.dropped.load(), back_after);
    expectEverythingAcknowledgedIsStored(load);
}

TEST_F(FaultTest, ServiceKilledMidLoadThenRetriesCreateNoDuplicate)
{
    Load load(port, 6);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    service->kill9();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    startService();
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    load.stop();
    EXPECT_GT(load.dropped.load(), 0) << "the kill cut connections";
    std::printf("[ faults  ] service kill: acknowledged %zu, dropped %d, replayed %d, 503 %d\n", load.acknowledged(),
                load.dropped.load(), load.replays.load(), load.unavailable.load());
    expectEverythingAcknowledgedIsStored(load);
    EXPECT_EQ(db->count("responses"), static_cast<long long>(load.acknowledged()))
        << "every stored response was acknowledged, to its first request or to a retry";
}

TEST_F(FaultTest, ReadOnlyDatabaseIsAClear503AndNothingHalfWritten)
{
    db->sql("SET GLOBAL read_only = 1");
    const auto before = db->count("responses");
    const auto r = httpPostJson(port, "/api/v1/forms/avis/responses", {{"answers", {{"note", 3}}}});
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(r.json()["error"], "unavailable");
    EXPECT_FALSE(r.header("retry-after").empty());
    EXPECT_EQ(db->count("responses"), before);
    EXPECT_EQ(db->count("count_pending"), 0);
    db->sql("SET GLOBAL read_only = 0");
    EXPECT_EQ(httpPostJson(port, "/api/v1/forms/avis/responses", {{"answers", {{"note", 3}}}}).status, 201);
    EXPECT_TRUE(service->running());
}
