#include <gtest/gtest.h>

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "service/storage/connection_pool.h"
#include "service/storage/database_error.h"
#include "service/storage/health_probe.h"
#include "tests/support/test_database.h"

using namespace tnt::storage;

namespace {

struct ConnectionPoolTest : ::testing::Test {
    tnt::testing::TestEnvironment env;
    std::unique_ptr<tnt::testing::TestDatabase> db;
    void SetUp() override
    {
        TNT_REQUIRE_TEST_DATABASE(env);
        db = std::make_unique<tnt::testing::TestDatabase>(env);
    }
};

}  // namespace

TEST_F(ConnectionPoolTest, LeasesAreBoundedAndTimeOut)
{
    ConnectionPool pool(db->driver(), db->settings(), {.size = 2, .acquire_timeout = std::chrono::milliseconds(100)});
    auto a = pool.acquire();
    auto b = pool.acquire();
    EXPECT_EQ(pool.inUse(), 2u);
    EXPECT_THROW(pool.acquire(), DatabaseUnavailable);
}

TEST_F(ConnectionPoolTest, ReturnedConnectionIsReused)
{
    ConnectionPool pool(db->driver(), db->settings(), {.size = 1});
    std::string first_id;
    {
        auto lease = pool.acquire();
        std::unique_ptr<sql::ResultSet> rs(lease.prepare("SELECT CONNECTION_ID()").executeQuery());
        rs->next();
        first_id = rs->getString(1);
    }
    auto lease = pool.acquire();
    std::unique_ptr<sql::ResultSet> rs(lease.prepare("SELECT CONNECTION_ID()").executeQuery());
    rs->next();
    EXPECT_EQ(rs->getString(1), first_id);
    EXPECT_EQ(pool.open(), 1u);
}

TEST_F(ConnectionPoolTest, KilledConnectionIsReplacedOnNextAcquire)
{
    ConnectionPool pool(db->driver(), db->settings(), {.size = 1, .validate_after_idle = std::chrono::milliseconds(0)});
    std::string victim;
    {
        auto lease = pool.acquire();
        std::unique_ptr<sql::ResultSet> rs(lease.prepare("SELECT CONNECTION_ID()").executeQuery());
        rs->next();
        victim = rs->getString(1);
    }
    db->execute("KILL " + victim);
    auto lease = pool.acquire();
    std::unique_ptr<sql::ResultSet> rs(lease.prepare("SELECT CONNECTION_ID()").executeQuery());
    ASSERT_TRUE(rs->next());
    EXPECT_NE(rs->getString(1), victim);
}

TEST_F(ConnectionPoolTest, UnreachableDatabaseIsUnavailableNotACrash)
{
    auto settings = db->settings();
    settings.socket = "/nonexistent/mysqld.sock";
    ConnectionPool pool(db->driver(), settings, {.size = 1});
    EXPECT_THROW(pool.acquire(), DatabaseUnavailable);
    EXPECT_EQ(pool.open(), 0u) << "a failed connect gives its place back";
    HealthProbe probe(pool);
    EXPECT_FALSE(probe.databaseAnswers());
}

TEST_F(ConnectionPoolTest, WrongPasswordIsUnavailableAndTheMessageHasNoPassword)
{
    auto settings = db->settings();
    settings.password = "not-the-password-4f2a";
    ConnectionPool pool(db->driver(), settings, {.size = 1});
    try {
        pool.acquire();
        FAIL();
    } catch (const DatabaseUnavailable& e) {
        EXPECT_EQ(std::string(e.what()).find("not-the-password-4f2a"), std::string::npos);
    }
}
