// A database of its own for one test (tnt_test_<random>), dropped at the end, so tests run in parallel
// against the one throwaway MariaDB without seeing each other's rows.
#pragma once

#include <memory>
#include <string>

#include "service/storage/connection_pool.h"
#include "service/storage/database_settings.h"
#include "tests/support/test_environment.h"

namespace sql {
class Driver;
}

namespace tnt::testing {

class TestDatabase {
public:
    explicit TestDatabase(const TestEnvironment& env);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const storage::DatabaseSettings& settings() const { return settings_; }
    const std::string& name() const { return settings_.name; }
    sql::Driver& driver() const { return *driver_; }

    // A pool on this database (created on first use).
    storage::ConnectionPool& pool();
    // Runs one statement; for setting up and checking rows.
    void execute(const std::string& statement);
    // The first column of the first row as text ("" when NULL or no row).
    std::string scalar(const std::string& query);
    long long count(const std::string& table_and_where);

    // Every response's answer rows (responses.answer_rows) as a table for count() and scalar(): `r` the
    // response, `a` its rows with question_key, option_key and num_value.
    static constexpr const char* answer_rows =
        "responses r, JSON_TABLE(r.answer_rows, '$[*]' COLUMNS (question_key VARCHAR(100) PATH '$[0]', "
        "option_key VARCHAR(100) PATH '$[1]', num_value DOUBLE PATH '$[2]')) a";

private:
    sql::Driver* driver_;
    storage::DatabaseSettings settings_;
    std::unique_ptr<storage::ConnectionPool> pool_;
};

}  // namespace tnt::testing
