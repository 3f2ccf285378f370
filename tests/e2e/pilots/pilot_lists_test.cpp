// The dashboard's on-screen lists over HTTP against the real binary and MariaDB (issue 18): the registrants of
// a registration form, paged, never showing another group's registrants to a group pilot; one free-text
// question's answers, paged and searched (case and accents ignored, wildcards and markup taken literally);
// bad page numbers and over-long searches answered by a French 400 page, never a crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

std::size_t rowsOf(const std::string& html)
{
    const std::regex row("<tr><th scope=\"row\">");
    return static_cast<std::size_t>(
        std::distance(std::sregex_iterator(html.begin(), html.end(), row), std::sregex_iterator()));
}

std::size_t answersOf(const std::string& html)
{
    std::size_t n = 0;
    for (auto at = html.find("<li class=\"tnt-answer\">"); at != std::string::npos;
         at = html.find("<li class=\"tnt-answer\">", at + 1))
        ++n;
    return n;
}

class PilotListsTest : public SharedServiceSuite<PilotListsTest> {
protected:
    static inline std::string admin, gp_petit, gp_libre;

    static void SetUpTestSuite()
    {
        if (!startSuite()) return;
        admin = createToken(env, db->settings(), {"--name", "équipe", "--scope", "form:*"});
        gp_petit =
            createToken(env, db->settings(),
                        {"--name", "pilotes PETIT", "--scope", "form:inscription-test", "--scope", "group:PETIT"});
        gp_libre =
            createToken(env, db->settings(),
                        {"--name", "pilotes LIBRE", "--scope", "form:inscription-test", "--scope", "group:LIBRE"});
        // 5 in PETIT only, 55 in LIBRE only, 1 in both: 61 registrants, 56 for LIBRE, 6 for PETIT.
        auto registerOne = [](const std::string& name, const json& groups) {
            const auto r =
                httpPostJson(port, "/api/v1/forms/inscription-test/responses",
                             {{"answers", {{"nom", name}, {"email", idOf(name) + "@x.fr"}, {"groupes", groups}}}});
            EXPECT_EQ(r.status, 201) << r.body;
        };
        for (int i = 0; i < 5; ++i) registerOne("Petit " + std::to_string(i), json::array({"PETIT"}));
        for (int i = 0; i < 55; ++i) registerOne("Libre " + std::to_string(i), json::array({"LIBRE"}));
        registerOne("Les Deux", json::array({"PETIT", "LIBRE"}));

        std::vector<std::string> comments{"Élodie à Besançon",         "100 % sûr", "sans pourcentage",
                                          "<script>alert(1)</script>", "a_b",       "axb",
                                          "Ligne 1\nLigne 2"};
        for (int i = 0; i < 55; ++i) comments.push_back("Commentaire ordinaire " + std::to_string(i));
        for (const auto& c : comments) {
            const auto r =
                httpPostJson(port, "/api/v1/forms/avis/responses", {{"answers", {{"note", 3}, {"commentaire", c}}}});
            EXPECT_EQ(r.status, 201) << r.body;
        }
        const auto blank = httpPostJson(port, "/api/v1/forms/avis/responses", {{"answers", {{"note", 4}}}});
        EXPECT_EQ(blank.status, 201) << blank.body;
    }
    static std::string idOf(const std::string& name)
    {
        std::string out;
        for (const char c : name)
            out += c == ' ' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    }
    static HttpResult get(const std::string& target, const std::string& token)
    {
        return httpGet(port, target, {{"Authorization", "Bearer " + token}});
    }
};

TEST_F(PilotListsTest, AGroupPilotListsOnlyTheirGroupsRegistrants)
{
    const auto page = get("/pilote/formulaires/inscription-test/inscrits", gp_petit);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(rowsOf(page.body), 6u);
    EXPECT_THAT(page.body, HasSubstr("6 personnes inscrites"));
    for (int i = 0; i < 5; ++i) EXPECT_THAT(page.body, HasSubstr(">Petit " + std::to_string(i) + "</th>"));
    EXPECT_THAT(page.body,
                HasSubstr("<tr><th scope=\"row\">Les Deux</th><td>—</td><td>PETIT — Groupe à dix places</td>"));
    EXPECT_THAT(page.body, Not(HasSubstr("Libre ")));
    EXPECT_THAT(page.body, Not(HasSubstr("Groupe sans limite")));  // the registrant's other group stays hidden
    // The dashboard's preview and its group filter follow the same rule; another group is refused.
    const auto dashboard = get("/pilote/formulaires/inscription-test", gp_petit);
    ASSERT_EQ(dashboard.status, 200);
    EXPECT_THAT(dashboard.body, HasSubstr("id=\"personnes-inscrites\""));
    EXPECT_THAT(dashboard.body, Not(HasSubstr("Libre ")));
    EXPECT_EQ(get("/pilote/formulaires/inscription-test/inscrits?group=LIBRE", gp_petit).status, 403);
    // Names on screen are logged like a download: who, which form, which scope and page, how many rows.
    EXPECT_GE(db->count("export_log WHERE token_name = 'pilotes PETIT' AND kind = 'inscrits' AND row_count = 6 AND "
                        "scope = 'form:inscription-test group:PETIT page:1'"),
              1);
}

TEST_F(PilotListsTest, RegistrantsArePagedFiftyAtATimeWithTheFiltersKept)
{
    const auto first = get("/pilote/formulaires/inscription-test/inscrits?group=LIBRE", gp_libre);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(rowsOf(first.body), 50u);
    EXPECT_THAT(first.body, HasSubstr("56 personnes inscrites"));
    EXPECT_THAT(first.body, HasSubstr("Page 1 sur 2."));
    EXPECT_THAT(first.body, HasSubstr("href=\"/pilote/formulaires/inscription-test/inscrits?group=LIBRE&amp;page=2\""));
    EXPECT_THAT(first.body, HasSubstr(">Les Deux</th>"));  // the latest first
    const auto second = get("/pilote/formulaires/inscription-test/inscrits?group=LIBRE&page=2", gp_libre);
    ASSERT_EQ(second.status, 200);
    EXPECT_EQ(rowsOf(second.body), 6u);
    EXPECT_THAT(second.body, HasSubstr(">Libre 0</th>"));
    EXPECT_THAT(second.body, Not(HasSubstr("Petit ")));
    const auto all = get("/pilote/formulaires/inscription-test/inscrits?page=2", admin);
    EXPECT_EQ(rowsOf(all.body), 11u);
}

TEST_F(PilotListsTest, BadPageNumbersGetAFrenchPageNotACrash)
{
    for (const auto* page : {"0", "abc", "-1", "1.5", "99999999999999999999", "%00"}) {
        const auto r = get(std::string("/pilote/formulaires/inscription-test/inscrits?page=") + page, admin);
        EXPECT_EQ(r.status, 400) << page;
        EXPECT_THAT(r.body, HasSubstr("Le numéro de page doit être un nombre entier à partir de 1.")) << page;
    }
    const auto beyond = get("/pilote/formulaires/inscription-test/inscrits?page=3", admin);
    EXPECT_EQ(beyond.status, 400);
    EXPECT_THAT(beyond.body, HasSubstr("La page 3 n&#39;existe pas\u00a0: cette liste compte 2 pages."));
    EXPECT_EQ(get("/pilote/formulaires/avis/inscrits", admin).status, 404);  // no groups on that form
    EXPECT_EQ(get("/pilote/formulaires/inscription-test/inscrits?from=2026-02-30", admin).status, 422);
}

TEST_F(PilotListsTest, FreeTextAnswersArePagedAndSearchedBlindToCaseAndAccents)
{
    const auto first = get("/pilote/formulaires/avis/textes/commentaire", admin);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(answersOf(first.body), 50u);
    EXPECT_THAT(first.body, HasSubstr("62 réponses"));  // the one without a comment is not listed
    EXPECT_EQ(answersOf(get("/pilote/formulaires/avis/textes/commentaire?page=2", admin).body), 12u);

    const auto elodie = get("/pilote/formulaires/avis/textes/commentaire?q=ELODIE+a+besancon", admin);
    ASSERT_EQ(elodie.status, 200);
    EXPECT_EQ(answersOf(elodie.body), 1u);
    EXPECT_THAT(elodie.body, HasSubstr("Élodie à Besançon"));
    EXPECT_THAT(elodie.body, HasSubstr("value=\"ELODIE a besancon\""));
    // % and _ are text, not wildcards.
    const auto percent = get("/pilote/formulaires/avis/textes/commentaire?q=%25", admin);
    EXPECT_EQ(answersOf(percent.body), 1u);
    EXPECT_THAT(percent.body, HasSubstr("100 % sûr"));
    const auto underscore = get("/pilote/formulaires/avis/textes/commentaire?q=_", admin);
    EXPECT_EQ(answersOf(underscore.body), 1u);
    EXPECT_THAT(underscore.body, HasSubstr("a_b"));
    // Markup is found and shown as text.
    const auto script = get("/pilote/formulaires/avis/textes/commentaire?q=%3Cscript%3E", admin);
    EXPECT_EQ(answersOf(script.body), 1u);
    EXPECT_THAT(script.body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_THAT(script.body, Not(HasSubstr("<script>")));
    // A quote cannot leave the bound parameter.
    const auto quote = get("/pilote/formulaires/avis/textes/commentaire?q=%27%29+OR+1%3D1+--+", admin);
    EXPECT_EQ(quote.status, 200);
    EXPECT_EQ(answersOf(quote.body), 0u);
    EXPECT_THAT(quote.body, HasSubstr("Aucune réponse ne contient ce texte."));
    // The search is kept on the pages' links.
    const auto ordinary = get("/pilote/formulaires/avis/textes/commentaire?q=ordinaire", admin);
    EXPECT_EQ(answersOf(ordinary.body), 50u);
    EXPECT_THAT(ordinary.body,
                HasSubstr("href=\"/pilote/formulaires/avis/textes/commentaire?q=ordinaire&amp;page=2\""));
    // Logged like a download, with the question and whether a search was made, never the searched text.
    EXPECT_GE(
        db->count("export_log WHERE kind = 'textes' AND scope = 'form:avis question:commentaire recherche:oui page:1' "
                  "AND row_count = 50"),
        1);
    EXPECT_EQ(db->count("export_log WHERE scope LIKE '%ordinaire%'"), 0);
}

TEST_F(PilotListsTest, OverLongSearchesAndUnknownQuestionsGetFrenchPages)
{
    const auto r = get("/pilote/formulaires/avis/textes/commentaire?q=" + std::string(201, 'a'), admin);
    EXPECT_EQ(r.status, 400);
    EXPECT_THAT(r.body, HasSubstr("Recherche trop longue"));
    EXPECT_EQ(get("/pilote/formulaires/avis/textes/commentaire?q=" + std::string(200, 'a'), admin).status, 200);
    // Characters, not bytes: 200 « é » (400 bytes) are a search the field accepts.
    std::string accents;
    for (int i = 0; i < 200; ++i) accents += "%C3%A9";
    EXPECT_EQ(get("/pilote/formulaires/avis/textes/commentaire?q=" + accents, admin).status, 200);
    EXPECT_EQ(get("/pilote/formulaires/avis/textes/commentaire?q=" + accents + "%C3%A9", admin).status, 400);
    EXPECT_EQ(get("/pilote/formulaires/avis/textes/note", admin).status, 404);  // not a free text
    EXPECT_EQ(get("/pilote/formulaires/avis/textes/inconnue", admin).status, 404);
    EXPECT_EQ(get("/pilote/formulaires/avis/textes/commentaire?page=9", admin).status, 400);
    EXPECT_EQ(get("/pilote/formulaires/avis/textes/commentaire", gp_petit).status, 403);  // not their form
}

TEST_F(PilotListsTest, DashboardShowsContentsFoldedTablesTheFullScaleAndTheLatestTexts)
{
    const auto page = get("/pilote/formulaires/avis", admin);
    ASSERT_EQ(page.status, 200);
    EXPECT_THAT(page.body, HasSubstr("class=\"fr-summary"));
    EXPECT_THAT(page.body, HasSubstr("<details class=\"tnt-accordion\">"));
    EXPECT_THAT(page.body, HasSubstr("id=\"reponses-dans-le-temps\""));
    // Everyone answered 3 or 4: the scale still shows 1, 2 and 5, empty.
    EXPECT_THAT(page.body, HasSubstr("<tr><th scope=\"row\">1</th><td>0</td>"));
    EXPECT_THAT(page.body, HasSubstr("<tr><th scope=\"row\">5</th><td>0</td>"));
    EXPECT_EQ(answersOf(page.body), 3u);
    EXPECT_THAT(page.body, HasSubstr("Lire et chercher les 62 réponses"));
    EXPECT_THAT(page.body, Not(HasSubstr("lisez-les dans l'export")));
    EXPECT_FALSE(std::regex_search(page.body, std::regex(">20[0-9]{2}-[0-9]{2}-[0-9]{2}<")))
        << "a day is written for machines";
}

}  // namespace
