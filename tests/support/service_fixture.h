// Starts the real tnt-forms binary on a free port against a database of its own.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

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

// A pilot token made with `tnt-forms token create <args>` (e.g. --name, --scope); its secret, or "" with a
// test failure when the command printed none.
inline std::string createToken(const TestEnvironment& env, const storage::DatabaseSettings& db,
                               std::vector<std::string> args)
{
    args.insert(args.begin(), {"token", "create"});
    const auto r = runCommand(env.binary, args, databaseEnvironment(db));
    std::smatch m;
    if (r.status != 0 || !std::regex_search(r.output, m, std::regex("tnt_[A-Za-z0-9]{40}"))) {
        ADD_FAILURE() << "token create: " << r.output;
        return "";
    }
    return m[0].str();
}

// The fixture forms most e2e suites serve (tests/e2e/data/forms).
inline std::string fixtureForms(const TestEnvironment& env)
{
    return env.source_dir + "/tests/e2e/data/forms";
}

// `serve` on 127.0.0.1:`port`, the forms of `forms_dir`, the repository's schema, then `extra_args`.
inline std::vector<std::string> serveArgs(const TestEnvironment& env, int port, const std::string& forms_dir,
                                          const std::vector<std::string>& extra_args = {})
{
    std::vector<std::string> args{"serve",   "--listen", "127.0.0.1:" + std::to_string(port), "--forms",
                                  forms_dir, "--schema", env.source_dir + "/schema"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    return args;
}

// The binary on `port` serving the programme's forms (forms/).
inline std::unique_ptr<ServiceProcess> startService(const TestEnvironment& env, const storage::DatabaseSettings& db,
                                                    int port, std::vector<std::string> extra_args = {})
{
    return std::make_unique<ServiceProcess>(env.binary, serveArgs(env, port, env.source_dir + "/forms", extra_args),
                                            databaseEnvironment(db));
}

// The clock a service under test reads instead of the system's (TNT_FORMS_CLOCK_FILE, app/file_clock.h): a
// file holding one ISO instant, removed with the object.
class TestClock {
public:
    TestClock(const std::string& name, const std::string& first) : path_(::testing::TempDir() + "/clock-" + name)
    {
        set(first);
    }
    ~TestClock() { std::filesystem::remove(path_); }
    TestClock(const TestClock&) = delete;
    TestClock& operator=(const TestClock&) = delete;

    void set(const std::string& iso) const { std::ofstream(path_) << iso << "\n"; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// The binary on `port` serving the fixture forms of tests/e2e/data/forms, its clock read from `clock`.
inline std::unique_ptr<ServiceProcess> startServiceOnClock(const TestEnvironment& env,
                                                           const storage::DatabaseSettings& db, int port,
                                                           const TestClock& clock,
                                                           const std::vector<std::string>& extra_args = {})
{
    auto environment = databaseEnvironment(db);
    environment["TNT_FORMS_CLOCK_FILE"] = clock.path();
    return std::make_unique<ServiceProcess>(env.binary, serveArgs(env, port, fixtureForms(env), extra_args),
                                            environment);
}

}  // namespace tnt::testing

namespace tnt::testing {

// One service and one database for a whole test suite, on the fixture forms of tests/e2e/data/forms with
// no rate limit. `Suite` is the deriving fixture, so each suite has its own service.
template <typename Suite>
class SharedServiceSuite : public ::testing::Test {
protected:
    static inline TestEnvironment env;
    static inline std::unique_ptr<TestDatabase> db;
    static inline std::unique_ptr<ServiceProcess> service;
    static inline int port = 0;

    // Call from the suite's SetUpTestSuite; false when there is no test database or the service failed.
    static bool startSuite(const std::vector<std::string>& extra_args = {})
    {
        auto found = testEnvironment();
        if (!found) return false;
        env = *found;
        db = std::make_unique<TestDatabase>(env);
        port = freePort();
        auto args = serveArgs(env, port, fixtureForms(env), {"--rate-limit", "0", "--pilot-auth-limit", "0"});
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        service = std::make_unique<ServiceProcess>(env.binary, args, databaseEnvironment(db->settings()));
        if (service->waitUntilHealthy(port)) return true;
        ADD_FAILURE() << service->log();
        return false;
    }
    static void TearDownTestSuite()
    {
        service.reset();
        db.reset();
    }
    void SetUp() override
    {
        if (!db) GTEST_SKIP() << "no test database: run through deploy/test.sh";
    }
};

}  // namespace tnt::testing
