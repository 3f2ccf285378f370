// What deploy/test.sh tells the tests: the throwaway MariaDB, its test user, the binary and the source
// tree. A test that needs them and runs without them (plain ctest) is skipped with a message.
#pragma once

#include <optional>
#include <string>

namespace tnt::testing {

struct TestEnvironment {
    std::string db_socket;
    std::string db_user;
    std::string db_password;
    // A user with the running service's privileges only (SELECT, INSERT, UPDATE, DELETE), or empty.
    std::string db_app_user;
    std::string db_app_password;
    std::string binary;  // the tnt-forms binary under test
    std::string source_dir;  // the repository, for schema/, forms/ and deploy/
};

// Empty when TNT_FORMS_TEST_DB_SOCKET is not set.
std::optional<TestEnvironment> testEnvironment();

// GTEST_SKIP unless the environment is there; fills `env`.
#define TNT_REQUIRE_TEST_DATABASE(env)                                                      \
    do {                                                                                    \
        auto tnt_found_env = ::tnt::testing::testEnvironment();                             \
        if (!tnt_found_env) GTEST_SKIP() << "no test database: run through deploy/test.sh"; \
        env = *tnt_found_env;                                                               \
    } while (0)

}  // namespace tnt::testing
