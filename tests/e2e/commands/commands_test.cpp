#include <gtest/gtest.h>

#include "tests/support/service_fixture.h"

using namespace tnt::testing;

namespace {

struct CommandsTest : ::testing::Test {
    TestEnvironment env;
    void SetUp() override { TNT_REQUIRE_TEST_DATABASE(env); }
};

}  // namespace

TEST_F(CommandsTest, EveryCommandHasHelp)
{
    for (const auto& args : std::vector<std::vector<std::string>>{{"--help"},
                                                                  {"serve", "--help"},
                                                                  {"migrate", "--help"},
                                                                  {"forms", "--help"},
                                                                  {"forms", "check", "--help"}}) {
        const auto r = runCommand(env.binary, args);
        EXPECT_EQ(r.status, 0) << args.front() << ": " << r.output;
        EXPECT_NE(r.output.find("Usage"), std::string::npos) << r.output;
    }
    const auto serve = runCommand(env.binary, {"serve", "--help"});
    EXPECT_NE(serve.output.find("TNT_FORMS_LISTEN"), std::string::npos) << "help shows the environment variables";
}

TEST_F(CommandsTest, BadConfigurationExitsWithTwoAndSaysWhatIsWrong)
{
    const auto r =
        runCommand(env.binary, {"serve", "--workers", "0", "--listen", "nulle-part", "--forms", "/nonexistent"},
                   {{"TNT_FORMS_DB_SOCKET", env.db_socket}, {"TNT_FORMS_DB_PASSWORD", "x"}});
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("--workers"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("--listen"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("/nonexistent"), std::string::npos) << r.output;
}

TEST_F(CommandsTest, MigrateAppliesOnceThenNothing)
{
    TestDatabase db(env);
    const auto dbenv = databaseEnvironment(db.settings());
    const auto first = runCommand(env.binary, {"migrate", "--schema", env.source_dir + "/schema"}, dbenv);
    EXPECT_EQ(first.status, 0) << first.output;
    EXPECT_NE(first.output.find("appliquée : 0001_init.sql"), std::string::npos) << first.output;
    const auto second = runCommand(env.binary, {"migrate", "--schema", env.source_dir + "/schema"}, dbenv);
    EXPECT_EQ(second.status, 0) << second.output;
    EXPECT_NE(second.output.find("0 migration(s) appliquée(s)"), std::string::npos) << second.output;
}

TEST_F(CommandsTest, MigrateWithoutDatabaseFailsClearly)
{
    const auto r = runCommand(env.binary, {"migrate", "--schema", env.source_dir + "/schema"},
                              {{"TNT_FORMS_DB_SOCKET", "/nonexistent/mysqld.sock"}, {"TNT_FORMS_DB_PASSWORD", "x"}});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("cannot connect"), std::string::npos) << r.output;
}
