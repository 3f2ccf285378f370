// Starts the real tnt-forms binary on a free port against a database of its own.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "tests/support/http_client.h"
#include "tests/support/service_process.h"
#include "tests/support/test_database.h"

namespace tnt::testing {

inline std::map<std::string, std::string> databaseEnvironment(const storage::DatabaseSettings& s)
{
    return {{"TNT_FORMS_DB_SOCKET", s.socket},
            {"TNT_FORMS_DB_USER", s.user},
            {"TNT_FORMS_DB_PASSWORD", s.password},
            {"TNT_FORMS_DB_NAME", s.name}};
}

inline std::unique_ptr<ServiceProcess> startService(const TestEnvironment& env, const storage::DatabaseSettings& db,
                                                    int port, std::vector<std::string> extra_args = {})
{
    std::vector<std::string> args{"serve",   "--listen", "127.0.0.1:" + std::to_string(port),
                                  "--forms", env.source_dir + "/forms",
                                  "--schema", env.source_dir + "/schema"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    return std::make_unique<ServiceProcess>(env.binary, args, databaseEnvironment(db));
}

}  // namespace tnt::testing
