// The respondent's receipt link (RGPD): the receipt carries the deletion link, GET asks for confirmation,
// POST deletes the response with its answers and registrations and gives the group place back. The right
// comes from the receipt secret only the respondent received: nothing a pilot's export shows — the response
// number, any other cell — reaches a receipt or deletes anything.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "tests/support/html_form.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;

class ReceiptTest : public SharedServiceSuite<ReceiptTest> {
protected:
    static void SetUpTestSuite() { startSuite(); }

    // Signs up through the HTML form; the receipt's location (303), or "" with a failure.
    static std::string signUpByPage(const std::string& name, const std::string& email, const std::string& group)
    {
        const auto page = httpGet(port, "/f/inscription-test");
        EXPECT_EQ(page.status, 200);
        const auto body = formBody({{"nom", name},
                                    {"email", email},
                                    {"groupes", group},
                                    {"_csrf", hiddenValue(page.body, "_csrf")},
                                    {"_jeton", hiddenValue(page.body, "_jeton")}});
        const auto posted = httpRequest(port, "POST", "/f/inscription-test",
                                        {{"Content-Type", "application/x-www-form-urlencoded"}}, body);
        EXPECT_EQ(posted.status, 303) << posted.body.substr(0, 500);
        return posted.header("location");
    }
};

TEST_F(ReceiptTest, TheReceiptLinkShowsTheReceiptAndDeletesTheResponseAndNothingElse)
{
    const auto location = signUpByPage("Ana", "ana@x.fr", "PETIT");
    ASSERT_TRUE(std::regex_match(location, std::regex("/f/inscription-test/merci/[0-9a-f]{40}"))) << location;
    const auto secret = location.substr(location.rfind('/') + 1);
    const auto public_id =
        db->scalar("SELECT public_id FROM responses WHERE JSON_VALUE(answers, '$.email') = 'ana@x.fr'");
    ASSERT_EQ(public_id.size(), 16u);
    EXPECT_EQ(db->scalar("SELECT receipt_hash FROM responses WHERE public_id = '" + public_id + "'").size(), 64u);
    EXPECT_EQ(db->count("responses WHERE receipt_hash LIKE '%" + secret + "%'"), 0) << "only the hash is stored";

    const auto receipt = httpGet(port, location);
    ASSERT_EQ(receipt.status, 200);
    EXPECT_NE(receipt.body.find(public_id.substr(0, 4) + "-" + public_id.substr(4, 4)), std::string::npos)
        << "the response number, grouped by four";
    EXPECT_NE(receipt.body.find("<strong>Groupe à dix places</strong>"), std::string::npos) << "the groups joined";
    EXPECT_NE(receipt.body.find("Vous êtes inscrit à ce groupe."), std::string::npos) << "and the state in each";
    const auto link = "/f/inscription-test/supprimer/" + secret;
    EXPECT_NE(receipt.body.find("href=\"" + link + "\""), std::string::npos) << "the receipt carries the deletion link";
    const auto places_before = db->scalar("SELECT registered FROM project_groups WHERE code = 'PETIT'");
    const auto row_id = db->scalar("SELECT id FROM responses WHERE public_id = '" + public_id + "'");
    const auto responses_before = db->count("responses");

    auto altered = link;
    altered.back() = altered.back() == 'a' ? 'b' : 'a';
    EXPECT_EQ(httpGet(port, altered).status, 404);
    EXPECT_EQ(httpRequest(port, "POST", altered).status, 404);
    EXPECT_EQ(db->count("responses"), responses_before) << "a forged link deletes nothing";

    const auto confirm = httpGet(port, link);
    EXPECT_EQ(confirm.status, 200);
    EXPECT_NE(confirm.body.find("Supprimer ma réponse"), std::string::npos);
    EXPECT_EQ(db->count("responses"), responses_before) << "GET only asks";

    const auto done = httpRequest(port, "POST", link);
    EXPECT_EQ(done.status, 200);
    EXPECT_NE(done.body.find("supprimée définitivement"), std::string::npos);
    EXPECT_EQ(db->count("responses"), responses_before - 1);
    EXPECT_EQ(db->count("responses WHERE public_id = '" + public_id + "'"), 0);
    for (const char* table : {"registrations", "unique_claims", "count_pending"}) {
        EXPECT_EQ(db->count(std::string(table) + " WHERE response_id = " + row_id), 0) << table;
    }
    EXPECT_EQ(std::stoi(db->scalar("SELECT registered FROM project_groups WHERE code = 'PETIT'")),
              std::stoi(places_before) - 1)
        << "the place is given back";

    // The deletion log says who deleted which response, and when — no answer (issue 14, item 8).
    EXPECT_EQ(db->count("deletion_log WHERE response_public_id = '" + public_id +
                        "' AND deleted_by = 'repondant' AND reason = 'lien de suppression du récépissé' "
                        "AND deleted_at > UTC_TIMESTAMP(6) - INTERVAL 5 MINUTE"),
              1);

    const auto again = httpRequest(port, "POST", link);
    EXPECT_EQ(again.status, 410);
    EXPECT_NE(again.body.find("déjà supprimée"), std::string::npos);
    EXPECT_EQ(httpGet(port, location).status, 410) << "the receipt says the response is gone";
    EXPECT_EQ(httpGet(port, link).status, 410);
    EXPECT_EQ(db->count("deletion_log WHERE response_public_id = '" + public_id + "'"), 1) << "logged once";
}

TEST_F(ReceiptTest, UnknownOrMalformedReceiptsAre404)
{
    EXPECT_EQ(httpGet(port, "/f/inscription-test/merci/" + std::string(40, '0')).status, 404);
    EXPECT_EQ(httpGet(port, "/f/inscription-test/merci/%3Cscript%3E").status, 404);
    EXPECT_EQ(httpGet(port, "/f/inconnu/merci/" + std::string(40, '0')).status, 404);
    EXPECT_EQ(httpRequest(port, "POST", "/f/inscription-test/supprimer/" + std::string(40, '0')).status, 404);
}

TEST_F(ReceiptTest, NothingInAPilotsExportShowsAReceiptOrDeletesAResponse)
{
    signUpByPage("Bob", "bob@x.fr", "LIBRE");
    ASSERT_EQ(httpPostJson(port, "/api/v1/forms/inscription-test/responses",
                           {{"answers", {{"nom", "Cléo"}, {"email", "cleo@x.fr"}, {"groupes", {"LIBRE"}}}}})
                  .status,
              201);
    const auto token = createToken(
        env, db->settings(), {"--name", "pilotes LIBRE", "--scope", "form:inscription-test", "--scope", "group:LIBRE"});
    ASSERT_FALSE(token.empty());
    std::set<std::string> cells;  // every word of the exports that could stand in a path
    for (const char* dialect : {"excel", "rfc4180"}) {
        for (const char* labels : {"text", "codes"}) {
            const auto csv = httpGet(
                port,
                std::string("/api/v1/forms/inscription-test/responses.csv?dialect=") + dialect + "&labels=" + labels,
                {{"Authorization", "Bearer " + token}});
            ASSERT_EQ(csv.status, 200) << csv.body.substr(0, 300);
            const std::regex word("[A-Za-z0-9_-]{4,}");
            for (auto it = std::sregex_iterator(csv.body.begin(), csv.body.end(), word); it != std::sregex_iterator();
                 ++it) {
                cells.insert(it->str());
            }
        }
    }
    const auto public_id =
        db->scalar("SELECT public_id FROM responses WHERE JSON_VALUE(answers, '$.email') = 'bob@x.fr'");
    ASSERT_TRUE(cells.contains(public_id)) << "the export shows the response number";
    const auto responses = db->count("responses");
    for (const auto& cell : cells) {
        for (const auto& path : {"/f/inscription-test/merci/" + cell, "/f/inscription-test/supprimer/" + cell,
                                 "/f/inscription-test/supprimer/" + cell + "/" + cell}) {
            EXPECT_EQ(httpGet(port, path).status, 404) << path;
            const auto posted = httpRequest(port, "POST", path).status;
            EXPECT_TRUE(posted == 404 || posted == 405) << path << ": " << posted;
        }
    }
    EXPECT_EQ(db->count("responses"), responses) << "nothing was deleted";
}
