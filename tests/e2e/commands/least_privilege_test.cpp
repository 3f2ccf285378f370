// deploy/README.md § 2 gives the running service a database user with row privileges only (SELECT,
// INSERT, UPDATE, DELETE) and keeps DDL for a separate migration user (issue 14, item 8). This test runs
// that split for real: the application user cannot create the tables; the migration user does; then the
// service, with the application user and --no-migrate, takes answers, opens a pilot's session, exports,
// deletes through a receipt link, and purges.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/pilot_browser.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using ::testing::HasSubstr;

namespace {

TEST(LeastPrivilegeTest, TheServiceRunsOnRowPrivilegesAndOnlyTheMigrationUserChangesTheSchema)
{
    TestEnvironment env;
    TNT_REQUIRE_TEST_DATABASE(env);
    if (env.db_app_user.empty()) GTEST_SKIP() << "no application user: run through deploy/test.sh";
    TestDatabase db(env);
    const auto schema = env.source_dir + "/schema";
    const auto forms = env.source_dir + "/tests/e2e/data/forms";
    const auto migration_user = databaseEnvironment(db.settings());
    auto app_settings = db.settings();
    app_settings.user = env.db_app_user;
    app_settings.password = env.db_app_password;
    const auto app_user = databaseEnvironment(app_settings);
    const auto tables = "information_schema.tables WHERE table_schema = '" + db.name() + "'";

    const auto refused = runCommand(env.binary, {"migrate", "--schema", schema}, app_user);
    EXPECT_NE(refused.status, 0) << refused.output;
    EXPECT_EQ(db.count(tables), 0) << "the application user created a table";
    const auto migrated = runCommand(env.binary, {"migrate", "--schema", schema}, migration_user);
    ASSERT_EQ(migrated.status, 0) << migrated.output;
    ASSERT_GT(db.count(tables), 10);

    const int port = freePort();
    ServiceProcess service(env.binary,
                           {"serve", "--no-migrate", "--listen", "127.0.0.1:" + std::to_string(port), "--forms", forms,
                            "--rate-limit", "0"},
                           app_user);
    ASSERT_TRUE(service.waitUntilHealthy(port)) << service.log();
    const auto answered = httpPostJson(port, "/api/v1/forms/avis/responses", {{"answers", {{"note", 4}}}});
    ASSERT_EQ(answered.status, 201) << answered.body;
    const auto registered = httpPostJson(port, "/api/v1/forms/conservation/responses",
                                         {{"answers", {{"email", "moindre@x.fr"}, {"groupes", {"PETIT"}}}}});
    ASSERT_EQ(registered.status, 201) << registered.body;

    const auto secret = createToken(env, app_settings, {"--name", "pilote-moindre", "--scope", "form:*"});
    ASSERT_FALSE(secret.empty());
    PilotBrowser pilot(port);
    ASSERT_EQ(pilot.login(secret).status, 303);
    EXPECT_EQ(pilot.get("/pilote/formulaires").status, 200);
    const auto csv = pilot.get("/api/v1/forms/avis/responses.csv?dialect=rfc4180");
    EXPECT_EQ(csv.status, 200);
    EXPECT_EQ(db.count("export_log"), 1);
    EXPECT_EQ(pilot.logout().status, 303);

    // The receipt link's deletion: the response, its counters and places, and a line in the deletion log.
    const std::string receipt = answered.json()["receipt_url"];
    const auto deletion =
        receipt.substr(0, receipt.find("/merci/")) + "/supprimer/" + receipt.substr(receipt.rfind('/') + 1);
    const auto deleted = httpRequest(port, "POST", deletion);
    EXPECT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_THAT(deleted.body, HasSubstr("supprimée définitivement"));
    EXPECT_EQ(db.count("deletion_log WHERE deleted_by = 'repondant'"), 1);

    const auto purge = runCommand(env.binary, {"purge", "--forms", forms}, app_user);
    EXPECT_EQ(purge.status, 0) << purge.output;
    EXPECT_EQ(db.count("responses"), 1) << "the recent registration is kept";
}

}  // namespace
