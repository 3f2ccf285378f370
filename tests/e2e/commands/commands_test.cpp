#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <fstream>

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
                                                                  {"forms", "check", "--help"},
                                                                  {"templates", "check", "--help"}}) {
        const auto r = runCommand(env.binary, args);
        EXPECT_EQ(r.status, 0) << args.front() << ": " << r.output;
        EXPECT_NE(r.output.find("Usage"), std::string::npos) << r.output;
    }
    const auto serve = runCommand(env.binary, {"serve", "--help"});
    EXPECT_NE(serve.output.find("TNT_FORMS_LISTEN"), std::string::npos) << "help shows the environment variables";
}

// An operator checks a restyled folder before pointing --templates at it: the same rules as serve's start.
TEST_F(CommandsTest, TemplatesCheckNamesEachProblemWithItsFileAndLine)
{
    const auto pages = env.source_dir + "/forms/pages";
    const auto ok = runCommand(env.binary, {"templates", "check", pages, "--mail", env.source_dir + "/forms/mail"});
    EXPECT_EQ(ok.status, 0) << ok.output;
    EXPECT_NE(ok.output.find("ok  modèles des pages"), std::string::npos) << ok.output;
    EXPECT_NE(ok.output.find("ok  modèles de courriel"), std::string::npos) << ok.output;

    const auto broken = std::filesystem::temp_directory_path() / ("tnt-pages-" + std::to_string(::getpid()));
    std::filesystem::remove_all(broken);
    std::filesystem::copy(pages, broken, std::filesystem::copy_options::recursive);
    // The line appended is the file's last: its number is one more than the lines already there.
    std::ifstream original(broken / "receipt.mustache");
    const std::string text((std::istreambuf_iterator<char>(original)), std::istreambuf_iterator<char>());
    const auto appended_line = std::count(text.begin(), text.end(), '\n') + (text.ends_with('\n') ? 1 : 2);
    std::ofstream(broken / "receipt.mustache", std::ios::app) << "<p>{{{form.title}}}</p>\n";
    std::ofstream(broken / "partials" / "logout.mustache", std::ios::trunc) << "<div>\n{{#csrf}}\n</div>\n";
    const auto bad = runCommand(env.binary, {"templates", "check", broken.string()});
    std::filesystem::remove_all(broken);
    EXPECT_EQ(bad.status, 1) << bad.output;
    EXPECT_NE(bad.output.find("receipt.mustache:" + std::to_string(appended_line) +
                              ": « form.title » serait écrit sans échappement"),
              std::string::npos)
        << bad.output;
    EXPECT_NE(bad.output.find("logout.mustache:2: section « csrf » jamais fermée"), std::string::npos) << bad.output;
    EXPECT_NE(bad.output.find("2 erreur(s)"), std::string::npos) << bad.output;
}

// A restyled folder with a mistake never serves half a page: serve stops before starting, naming the line.
TEST_F(CommandsTest, ServeRefusesBrokenTemplatesWithTheFileAndLine)
{
    const auto broken = std::filesystem::temp_directory_path() / ("tnt-serve-pages-" + std::to_string(::getpid()));
    std::filesystem::remove_all(broken);
    std::filesystem::copy(env.source_dir + "/forms/pages", broken, std::filesystem::copy_options::recursive);
    std::ofstream(broken / "index.mustache", std::ios::app) << "{{/has_open}}\n";
    const auto r = runCommand(env.binary,
                              {"serve", "--listen", "127.0.0.1:1", "--forms", env.source_dir + "/forms", "--templates",
                               broken.string(), "--no-migrate"},
                              {{"TNT_FORMS_DB_SOCKET", env.db_socket}, {"TNT_FORMS_DB_PASSWORD", "x"}});
    std::filesystem::remove_all(broken);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("--templates : " + (broken / "index.mustache").string() + ":"), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("fin de section « has_open » sans son début"), std::string::npos) << r.output;
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
