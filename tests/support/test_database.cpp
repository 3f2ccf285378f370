#include "tests/support/test_database.h"

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <random>

namespace tnt::testing {
namespace {

std::string randomSuffix()
{
    std::random_device rd;
    std::mt19937_64 gen(rd());
    static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string s;
    for (int i = 0; i < 12; ++i) s.push_back(alphabet[gen() % 36]);
    return s;
}

std::unique_ptr<sql::Connection> connectWithoutSchema(sql::Driver& driver, const storage::DatabaseSettings& s)
{
    sql::ConnectOptionsMap props;
    props["hostName"] = sql::SQLString("localhost");
    props["socket"] = sql::SQLString(s.socket);
    props["userName"] = sql::SQLString(s.user);
    props["password"] = sql::SQLString(s.password);
    return std::unique_ptr<sql::Connection>(driver.connect(props));
}

}  // namespace

TestDatabase::TestDatabase(const TestEnvironment& env) : driver_(sql::mysql::get_mysql_driver_instance())
{
    settings_.socket = env.db_socket;
    settings_.user = env.db_user;
    settings_.password = env.db_password;
    settings_.name = "tnt_test_" + randomSuffix();
    auto c = connectWithoutSchema(*driver_, settings_);
    std::unique_ptr<sql::Statement> st(c->createStatement());
    st->execute("CREATE DATABASE `" + settings_.name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
}

TestDatabase::~TestDatabase()
{
    pool_.reset();
    try {
        auto c = connectWithoutSchema(*driver_, settings_);
        std::unique_ptr<sql::Statement> st(c->createStatement());
        st->execute("DROP DATABASE IF EXISTS `" + settings_.name + "`");
    } catch (...) {
        // A test that stopped the database leaves its schema to the throwaway instance's removal.
    }
}

storage::ConnectionPool& TestDatabase::pool()
{
    if (!pool_)
        pool_ = std::make_unique<storage::ConnectionPool>(*driver_, settings_, storage::ConnectionPool::Options{});
    return *pool_;
}

void TestDatabase::execute(const std::string& statement)
{
    auto lease = pool().acquire();
    std::unique_ptr<sql::Statement> st(lease.connection().createStatement());
    st->execute(statement);
}

std::string TestDatabase::scalar(const std::string& query)
{
    auto lease = pool().acquire();
    std::unique_ptr<sql::Statement> st(lease.connection().createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(query));
    if (!rs->next() || rs->isNull(1)) return "";
    return rs->getString(1);
}

long long TestDatabase::count(const std::string& table_and_where)
{
    const auto s = scalar("SELECT COUNT(*) FROM " + table_and_where);
    return s.empty() ? 0 : std::stoll(s);
}

}  // namespace tnt::testing
