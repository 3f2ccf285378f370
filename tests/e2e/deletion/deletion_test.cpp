// The receipt's signed deletion link (RGPD): the receipt carries it, GET asks for confirmation, POST deletes
// the response with its answers and registrations and gives the group place back; a forged or altered
// link deletes nothing.
#include <gtest/gtest.h>

#include <regex>

#include "tests/support/html_form.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;

TEST(DeletionLinkTest, TheReceiptLinkDeletesTheResponseAndNothingElse)
{
    TestEnvironment env;
    TNT_REQUIRE_TEST_DATABASE(env);
    TestDatabase db(env);
    const int port = freePort();
    ServiceProcess service(env.binary,
                           {"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--forms",
                            env.source_dir + "/tests/e2e/data/forms", "--schema", env.source_dir + "/schema",
                            "--rate-limit", "0"},
                           databaseEnvironment(db.settings()));
    ASSERT_TRUE(service.waitUntilHealthy(port)) << service.log();

    const auto page = httpGet(port, "/f/inscription-test");
    ASSERT_EQ(page.status, 200);
    const auto body = formBody({{"nom", "Ana"},
                                {"email", "ana@x.fr"},
                                {"groupes", "PETIT"},
                                {"_csrf", hiddenValue(page.body, "_csrf")},
                                {"_jeton", hiddenValue(page.body, "_jeton")}});
    const auto posted = httpRequest(port, "POST", "/f/inscription-test",
                                    {{"Content-Type", "application/x-www-form-urlencoded"}}, body);
    ASSERT_EQ(posted.status, 303) << posted.body.substr(0, 500);
    const auto receipt = httpGet(port, posted.header("location"));
    ASSERT_EQ(receipt.status, 200);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(receipt.body, m, std::regex("href=\"(/f/inscription-test/supprimer/[^\"]+)\"")))
        << "the receipt carries the deletion link";
    const auto link = m[1].str();
    ASSERT_EQ(db.count("responses"), 1);
    ASSERT_EQ(db.scalar("SELECT registered FROM project_groups WHERE code = 'PETIT'"), "1");

    auto altered = link;
    altered.back() = altered.back() == 'a' ? 'b' : 'a';
    EXPECT_EQ(httpGet(port, altered).status, 404);
    EXPECT_EQ(httpRequest(port, "POST", altered).status, 404);
    EXPECT_EQ(db.count("responses"), 1) << "a forged link deletes nothing";

    const auto confirm = httpGet(port, link);
    EXPECT_EQ(confirm.status, 200);
    EXPECT_NE(confirm.body.find("Supprimer ma réponse"), std::string::npos);
    EXPECT_EQ(db.count("responses"), 1) << "GET only asks";

    const auto done = httpRequest(port, "POST", link);
    EXPECT_EQ(done.status, 200);
    EXPECT_NE(done.body.find("supprimée définitivement"), std::string::npos);
    EXPECT_EQ(db.count("responses"), 0);
    EXPECT_EQ(db.count("count_pending"), 0);
    EXPECT_EQ(db.count("registrations"), 0);
    EXPECT_EQ(db.count("unique_claims"), 0);
    EXPECT_EQ(db.scalar("SELECT registered FROM project_groups WHERE code = 'PETIT'"), "0");
    const auto again = httpRequest(port, "POST", link);
    EXPECT_EQ(again.status, 200);
    EXPECT_NE(again.body.find("déjà été supprimée"), std::string::npos);
}
