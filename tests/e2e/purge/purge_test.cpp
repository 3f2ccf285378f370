// `tnt-forms purge`: responses older than the form's retention_days go, with their answers, claims and
// registrations, and their group places come back; recent responses and the export log stay.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using nlohmann::json;

TEST(PurgeTest, OldResponsesGoWithTheirRowsAndGiveTheirPlacesBack)
{
    TestEnvironment env;
    TNT_REQUIRE_TEST_DATABASE(env);
    TestDatabase db(env);
    const auto clock = ::testing::TempDir() + "/clock-" + db.name();
    std::ofstream(clock) << "2020-06-01T10:00:00Z\n";
    const int port = freePort();
    auto environment = databaseEnvironment(db.settings());
    environment["TNT_FORMS_CLOCK_FILE"] = clock;
    ServiceProcess service(
        env.binary,
        {"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--forms", env.source_dir + "/tests/e2e/data/forms",
         "--schema", env.source_dir + "/schema", "--rate-limit", "0"},
        environment);
    ASSERT_TRUE(service.waitUntilHealthy(port)) << service.log();
    auto submit = [&](const std::string& email) {
        return httpPostJson(port, "/api/v1/forms/conservation/responses",
                            {{"answers", {{"email", email}, {"groupes", {"PETIT", "LIBRE"}}}}});
    };
    for (int i = 0; i < 3; ++i) ASSERT_EQ(submit("ancien" + std::to_string(i) + "@x.fr").status, 201);
    std::filesystem::remove(clock);  // back to the real clock
    ASSERT_EQ(submit("recent@x.fr").status, 201);
    ASSERT_EQ(db.scalar("SELECT registered FROM project_groups WHERE code = 'PETIT'"), "4");
    db.execute(
        "INSERT INTO export_log (token_name, form_slug, scope, kind, row_count) VALUES ('t', 'conservation', '', "
        "'cli', 4)");

    const auto dry = runCommand(env.binary, {"purge", "--dry-run", "--forms", env.source_dir + "/tests/e2e/data/forms"},
                                databaseEnvironment(db.settings()));
    ASSERT_EQ(dry.status, 0) << dry.output;
    EXPECT_NE(dry.output.find("conservation : 3 réponse(s) à supprimer"), std::string::npos) << dry.output;
    EXPECT_EQ(db.count("responses"), 4) << "a dry run deletes nothing";
    EXPECT_EQ(db.count("deletion_log"), 0);
    const auto purged_ids =
        db.scalar("SELECT GROUP_CONCAT(public_id ORDER BY id) FROM responses WHERE submitted_at < '2021-01-01'");

    const auto run = runCommand(env.binary, {"purge", "--forms", env.source_dir + "/tests/e2e/data/forms"},
                                databaseEnvironment(db.settings()));
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_NE(run.output.find("conservation : 3 réponse(s) supprimée(s)"), std::string::npos) << run.output;
    EXPECT_EQ(db.count("responses"), 1);
    EXPECT_EQ(db.scalar("SELECT JSON_VALUE(answers, '$.email') FROM responses"), "recent@x.fr");
    EXPECT_EQ(db.count("count_pending p LEFT JOIN responses r ON r.id = p.response_id WHERE r.id IS NULL"), 0);
    EXPECT_EQ(db.count("registrations"), 2);
    EXPECT_EQ(db.count("unique_claims"), 2);
    EXPECT_EQ(db.scalar("SELECT registered FROM project_groups WHERE code = 'PETIT'"), "1");
    EXPECT_EQ(db.count("export_log"), 1) << "the export log stays";
    // One line per purged response in the deletion log: which one, by whom, why.
    EXPECT_EQ(db.scalar("SELECT GROUP_CONCAT(response_public_id ORDER BY id) FROM deletion_log"), purged_ids);
    EXPECT_EQ(db.count("deletion_log WHERE deleted_by = 'purge' AND reason = 'conservation de 30 jours'"), 3);
    EXPECT_EQ(submit("ancien0@x.fr").status, 201) << "a purged e-mail may register again";
}

TEST(PurgeTest, TheInvitationsOfASurveyClosedForLongerThanItsRetentionGo)
{
    TestEnvironment env;
    TNT_REQUIRE_TEST_DATABASE(env);
    TestDatabase db(env);
    const auto forms = env.source_dir + "/tests/e2e/data/forms";
    const auto migrated =
        runCommand(env.binary, {"migrate", "--schema", env.source_dir + "/schema"}, databaseEnvironment(db.settings()));
    ASSERT_EQ(migrated.status, 0) << migrated.output;
    db.execute("INSERT INTO forms (slug) VALUES ('invitations-2022'), ('avis')");
    for (const auto& [slug, email] :
         {std::pair{"invitations-2022", "a@x.fr"}, {"invitations-2022", "b@x.fr"}, {"avis", "c@x.fr"}}) {
        db.execute(
            "INSERT INTO invitations (form_id, public_id, email, insee, departement, commune, mandate, "
            "invited_on) SELECT id, MD5('" +
            std::string(email) + "'), '" + email +
            "', '01001', '01', 'L''Abergement-Clémenciat', 'maire', '2022-01-10' FROM forms WHERE slug = '" + slug +
            "'");
    }
    const auto dry =
        runCommand(env.binary, {"purge", "--dry-run", "--forms", forms}, databaseEnvironment(db.settings()));
    ASSERT_EQ(dry.status, 0) << dry.output;
    EXPECT_NE(dry.output.find("invitations-2022 : 2 invitation(s) à supprimer (formulaire clos depuis plus de 365 "
                              "jours)"),
              std::string::npos)
        << dry.output;
    EXPECT_EQ(db.count("invitations"), 3);
    const auto run = runCommand(env.binary, {"purge", "--forms", forms}, databaseEnvironment(db.settings()));
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_EQ(db.count("invitations"), 1) << "a form without invitations keeps what is not its own to purge";
    EXPECT_EQ(db.scalar("SELECT email FROM invitations"), "c@x.fr");
}
