// A MariaDB instance of a test's own (deploy/mariadb.sh in a temporary directory), for tests that stop,
// kill or reconfigure their database without disturbing the others. Stopped and removed by the
// destructor, whatever the test's outcome.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "service/storage/database_settings.h"
#include "tests/support/service_process.h"
#include "tests/support/test_environment.h"

namespace tnt::testing {

class PrivateDatabase {
public:
    explicit PrivateDatabase(const TestEnvironment& env)
        : script_(env.source_dir + "/deploy/mariadb.sh"),
          dir_(std::filesystem::path(::testing::TempDir()) /
               ("tnt-private-db-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++)))
    {
        run("init");
        run("start");
        const auto pwfile = (dir_ / "password").string();
        EXPECT_EQ(
            runCommand("/bin/bash", {script_, "provision", dir_.string(), "tnt_forms", "tnt_forms", pwfile}).status, 0);
        settings.socket = (dir_ / "mysqld.sock").string();
        settings.name = "tnt_forms";
        settings.user = "tnt_forms";
        std::ifstream(pwfile) >> settings.password;
    }
    ~PrivateDatabase()
    {
        runCommand("/bin/bash", {script_, "stop", dir_.string()});
        std::filesystem::remove_all(dir_);
    }
    PrivateDatabase(const PrivateDatabase&) = delete;
    PrivateDatabase& operator=(const PrivateDatabase&) = delete;

    // init, start, stop or kill (deploy/mariadb.sh's commands).
    void run(const std::string& command)
    {
        const auto r = runCommand("/bin/bash", {script_, command, dir_.string()});
        ASSERT_EQ(r.status, 0) << command << ": " << r.output;
    }
    std::string sql(const std::string& statement)
    {
        return runCommand("/bin/bash", {script_, "sql", dir_.string(), "--database=tnt_forms", "-N", "-e", statement})
            .output;
    }
    long long count(const std::string& table_and_where)
    {
        const auto out = sql("SELECT COUNT(*) FROM " + table_and_where);
        return out.empty() ? -1 : std::stoll(out);
    }

    storage::DatabaseSettings settings;

private:
    static inline std::atomic<int> counter_{0};
    std::string script_;
    std::filesystem::path dir_;
};

}  // namespace tnt::testing
