#include "tests/support/test_environment.h"

#include <cstdlib>

namespace tnt::testing {
namespace {

std::string fromEnv(const char* name)
{
    const char* v = std::getenv(name);
    return v == nullptr ? std::string() : std::string(v);
}

}  // namespace

std::optional<TestEnvironment> testEnvironment()
{
    TestEnvironment env;
    env.db_socket = fromEnv("TNT_FORMS_TEST_DB_SOCKET");
    if (env.db_socket.empty()) return std::nullopt;
    env.db_user = fromEnv("TNT_FORMS_TEST_DB_USER");
    env.db_password = fromEnv("TNT_FORMS_TEST_DB_PASSWORD");
    env.db_app_user = fromEnv("TNT_FORMS_TEST_DB_APP_USER");
    env.db_app_password = fromEnv("TNT_FORMS_TEST_DB_APP_PASSWORD");
    env.binary = fromEnv("TNT_FORMS_TEST_BINARY");
    env.source_dir = fromEnv("TNT_FORMS_TEST_SOURCE_DIR");
    return env;
}

}  // namespace tnt::testing
