// The pilots' pages: escaping, charts per question, download links, the login form; and the respondents'
// short pages: receipt, closed, not yet open, the index with its open and upcoming forms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "every_type_form.h"
#include "service/pages/pilot_pages.h"
#include "service/pages/public_pages.h"

namespace tnt::pages {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::testViews;

TEST(PilotPages, LoginFormHasALabelledPasswordFieldAndCsrf)
{
    const auto html = renderPilotLoginPage(testViews(), "1.a.b", "");
    EXPECT_THAT(html, HasSubstr("<label class=\"fr-label\" for=\"jeton\">"));
    EXPECT_THAT(html, HasSubstr("type=\"password\" id=\"jeton\" name=\"jeton\""));
    EXPECT_THAT(html, HasSubstr("name=\"_csrf\" value=\"1.a.b\""));
    EXPECT_THAT(html, Not(HasSubstr("role=\"alert\"")));
    const auto refused = renderPilotLoginPage(testViews(), "1.a.b", "Jeton <inconnu>.");
    EXPECT_THAT(refused, HasSubstr("role=\"alert\""));
    EXPECT_THAT(refused, HasSubstr("Jeton &lt;inconnu&gt;."));
    EXPECT_THAT(refused, HasSubstr("<title>Erreur\u00a0: Connexion"));
}

// A download link followed after the session ended: information, not the pilot's error (issue 13, item 5).
TEST(PilotPages, LoginPageAfterTheSessionEndedInformsWithoutAnError)
{
    const auto html = renderPilotLoginPage(testViews(), "1.a.b", "", "Votre session a pris fin.");
    EXPECT_THAT(
        html,
        HasSubstr("<div class=\"fr-alert fr-alert--info fr-mb-3w\"><h2 class=\"fr-alert__title\">Session terminée</h2>"
                  "<p>Votre session a pris fin.</p>"));
    EXPECT_THAT(html, Not(HasSubstr("error")));
    EXPECT_THAT(html, HasSubstr("<title>Connexion – Espace des pilotes</title>"));
}

TEST(PilotPages, FormPageDrawsAChartAndATablePerChoiceQuestion)
{
    exports::FormStatistics stats;
    stats.responses = 3;
    stats.responsesPerDay = {{"2027-01-02", 3}};
    exports::ChoiceStatistics choice;
    choice.respondents = 3;
    choice.answers = 3;
    choice.options = {{"elu", "Élu <b>", 2, 66.7, std::nullopt}, {"agent", "Agent", 1, 33.3, std::nullopt}};
    stats.questions.push_back({"role", "Rôle", choice});
    stats.questions.push_back({"avis", "Avis", exports::TextStatistics{2}});
    const auto html = renderPilotFormPage(testViews(), testing::everyTypeForm(), stats, {"GP3"}, "1.a.b");
    EXPECT_THAT(html, HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""));
    EXPECT_THAT(html, HasSubstr("<caption>Rôle</caption>"));
    EXPECT_THAT(html, HasSubstr("Élu &lt;b&gt;"));
    EXPECT_THAT(html, Not(HasSubstr("Élu <b>")));
    EXPECT_THAT(html, HasSubstr("2 réponses non vides"));
    EXPECT_THAT(html, HasSubstr("3 réponses aux groupes GP3."));
    EXPECT_THAT(html, HasSubstr("href=\"/api/v1/forms/essai/responses.csv?dialect=excel\""));
    EXPECT_THAT(html, HasSubstr("href=\"/api/v1/forms/essai/responses.csv?dialect=rfc4180\""));
    EXPECT_THAT(html, HasSubstr("href=\"/api/v1/forms/essai/stats.csv?dialect=excel\""));
    EXPECT_THAT(html, HasSubstr("href=\"/api/v1/forms/essai/stats.csv?dialect=rfc4180\""));
    EXPECT_THAT(html, HasSubstr("<th scope=\"row\">2 janvier 2027</th><td>3</td>"));
    EXPECT_THAT(html, HasSubstr("<p>3 réponses le 2 janvier 2027.</p>"));  // one day: no range, no peak
    EXPECT_THAT(html, HasSubstr("action=\"/pilote/deconnexion\""));
}

// Issue 18: a table of contents, each chart's table folded under it (no JavaScript), days in French, the
// responses over time as columns with the days nobody answered.
TEST(PilotPages, FormPageHasContentsFoldedTablesAndTheResponsesOverTime)
{
    exports::FormStatistics stats;
    stats.responses = 5;
    stats.responsesPerDay = {{"2027-02-27", 3}, {"2027-03-02", 2}};
    exports::ChoiceStatistics choice;
    choice.respondents = 5;
    choice.answers = 5;
    choice.options = {{"elu", "Élu", 5, 100, std::nullopt}};
    stats.questions.push_back({"role", "Rôle", choice});
    const auto html = renderPilotFormPage(testViews(), testing::everyTypeForm(), stats, {}, "1.a.b");
    EXPECT_THAT(html, HasSubstr("<nav role=\"navigation\" class=\"fr-summary"));
    EXPECT_THAT(html, HasSubstr("<a class=\"fr-summary__link\" href=\"#reponses-dans-le-temps\">"));
    EXPECT_THAT(html, HasSubstr("<a class=\"fr-summary__link\" href=\"#graphique-role-titre\">Rôle</a>"));
    EXPECT_THAT(html, HasSubstr("id=\"graphique-role-titre\""));
    EXPECT_THAT(html, HasSubstr("<details class=\"tnt-accordion\">\n<summary class=\"fr-accordion__btn\">Tableau des "
                                "données<span class=\"fr-sr-only\">\u00a0: Rôle</span></summary>"));
    // 27 February to 2 March 2027: four days, two of them without responses, in French.
    EXPECT_THAT(html, HasSubstr("<th scope=\"row\">27 février 2027</th><td>3</td>"));
    EXPECT_THAT(html, HasSubstr("<th scope=\"row\">28 février 2027</th><td>0</td>"));
    EXPECT_THAT(html, HasSubstr("<th scope=\"row\">1er mars 2027</th><td>0</td>"));
    EXPECT_THAT(html, HasSubstr("<th scope=\"row\">2 mars 2027</th><td>2</td>"));
    EXPECT_THAT(html, HasSubstr("5 réponses du 27 février 2027 au 2 mars 2027"));
    EXPECT_THAT(html, Not(HasSubstr("2027-02-27")));
    EXPECT_THAT(html, Not(HasSubstr("<script")));
}

// The latest registrants and free-text answers on the dashboard, with the links to the paged lists.
TEST(PilotPages, FormPageListsTheLatestRegistrantsAndTextsWithLinksToAll)
{
    exports::FormStatistics stats;
    stats.responses = 12;
    stats.questions.push_back({"avis", "Avis", exports::TextStatistics{7}});
    PilotLists lists;
    lists.registration_form = true;
    lists.registrants_total = 12;
    lists.latest_registrants = {
        {"K7QM-3XHT-9PZR-W2NA", "Ada <Lovelace>", "Commune d'Essai", {"GP3 — Urbanisme"}, "8 décembre 2025"}};
    lists.texts = {{"avis", 7, {{"AAAA-BBBB-CCCC-DDDD", "9 décembre 2025", "Ligne 1\nLigne <2>"}}}};
    PilotFilters filters;
    filters.group = "GP3";
    filters.query = "&group=GP3";
    const auto html =
        renderPilotFormPage(testViews(), testing::everyTypeForm(), stats, {}, "1.a.b", {}, filters, {}, lists);
    EXPECT_THAT(html, HasSubstr("<a class=\"fr-summary__link\" href=\"#personnes-inscrites\">"));
    EXPECT_THAT(html, HasSubstr("<tr><th scope=\"row\">Ada &lt;Lovelace&gt;</th><td>Commune d&#39;Essai</td><td>GP3 — "
                                "Urbanisme</td><td class=\"tnt-nowrap\">8 décembre 2025</td>"));
    EXPECT_THAT(html, HasSubstr("href=\"/pilote/formulaires/essai/inscrits?group=GP3&amp;\">Voir les 12 personnes "
                                "inscrites</a>"));
    EXPECT_THAT(html, HasSubstr("<p class=\"tnt-answer__text\">Ligne 1\nLigne &lt;2&gt;</p>"));
    EXPECT_THAT(html, HasSubstr("href=\"/pilote/formulaires/essai/textes/avis?group=GP3&amp;\">Lire et chercher les 7 "
                                "réponses"));
    EXPECT_THAT(html, Not(HasSubstr("lisez-les dans l'export")));
}

TEST(PilotPages, ListPagesArePagedWithDsfrLinksAndKeepTheSearch)
{
    PilotFilters filters;
    filters.query = "&from=2026-01-01";
    filters.from = "2026-01-01";
    const PilotPaging paging{2, 3, 120, "/pilote/formulaires/essai/textes/avis?from=2026-01-01&q=%C3%A9t%C3%A9&"};
    const auto& form = testing::everyTypeForm();
    const auto html = renderPilotTextsPage(testViews(), form, form.questions.front(),
                                           {{"AAAA-BBBB-CCCC-DDDD", "9 décembre 2025", "C'était <bien>"}}, paging,
                                           filters, "été <", "1.a.b");
    EXPECT_THAT(html, HasSubstr("<nav role=\"navigation\" class=\"fr-pagination"));
    EXPECT_THAT(html, HasSubstr("href=\"/pilote/formulaires/essai/textes/avis?from=2026-01-01&amp;q=%C3%A9t%C3%A9&amp;"
                                "page=1\""));
    EXPECT_THAT(html, HasSubstr("aria-current=\"page\" title=\"Page 2\">2</a>"));
    EXPECT_THAT(html, HasSubstr("page=3\" title=\"Page 3\">3</a>"));
    EXPECT_THAT(html, HasSubstr("name=\"q\" value=\"été &lt;\""));
    EXPECT_THAT(html, HasSubstr("<input type=\"hidden\" name=\"from\" value=\"2026-01-01\">"));
    EXPECT_THAT(html, HasSubstr("120 réponses contenant «\u00a0été &lt;\u00a0» du 1er janvier 2026. Page 2 sur 3."));
    EXPECT_THAT(html, HasSubstr("C&#39;était &lt;bien&gt;"));
    const auto registrants = renderPilotRegistrantsPage(testViews(), form, {}, {1, 1, 0, "/x?"}, {}, "1.a.b");
    EXPECT_THAT(registrants, HasSubstr("Personne n'est inscrit avec ces filtres."));
    EXPECT_THAT(registrants, Not(HasSubstr("fr-pagination")));  // one page: no pagination
}

// The buttons say which program each file is for, with its expected size; the CSVs stay for tools.
TEST(PilotPages, DownloadButtonsSayWhatEachFileIsFor)
{
    const auto html = renderPilotFormPage(testViews(), testing::everyTypeForm(), {}, {}, "1.a.b", {}, {},
                                          {2'500'000, 900'000, 12'345});
    EXPECT_THAT(html, HasSubstr("href=\"/api/v1/forms/essai/responses.xlsx?labels=text\">Télécharger (Excel) – XLSX, "
                                "≈\u00a0900\u00a0ko</a>"));
    EXPECT_THAT(html, HasSubstr("href=\"/api/v1/forms/essai/responses.ods?labels=text\">Télécharger (LibreOffice) – "
                                "ODS, ≈\u00a013\u00a0ko</a>"));
    EXPECT_THAT(html, HasSubstr("dialect=excel\">pour Excel</a> ou <a class=\"fr-link\" "
                                "href=\"/api/v1/forms/essai/responses.csv?dialect=rfc4180\">pour LibreOffice et les "
                                "outils</a> (≈\u00a02,5\u00a0Mo)"));
    EXPECT_THAT(html, Not(HasSubstr("RFC 4180")));
    EXPECT_THAT(html, Not(HasSubstr("JSON")));
}

// The filters are a GET form on the page; the download links carry them, so a file holds what the page shows.
TEST(PilotPages, DownloadLinksFollowTheFilters)
{
    PilotFilters filters;
    filters.from = "2026-01-01";
    filters.to = "2026-01-31";
    filters.group = "GP3";
    filters.group_choices = {{"GP3", "Cybersécurité"}, {"GP5", "Données <ouvertes>"}};
    filters.query = "&from=2026-01-01&to=2026-01-31&group=GP3";
    const auto html = renderPilotFormPage(testViews(), testing::everyTypeForm(), {}, {}, "1.a.b", {}, filters);
    EXPECT_THAT(html, HasSubstr("responses.xlsx?labels=text&amp;from=2026-01-01&amp;to=2026-01-31&amp;group=GP3\""));
    EXPECT_THAT(html, HasSubstr("stats.csv?dialect=rfc4180&amp;from=2026-01-01&amp;to=2026-01-31&amp;group=GP3\""));
    EXPECT_THAT(html, HasSubstr("<input class=\"fr-input\" type=\"date\" id=\"filtre-du\" name=\"from\" "
                                "value=\"2026-01-01\">"));
    EXPECT_THAT(html, HasSubstr("<option value=\"GP3\" selected>GP3 — Cybersécurité</option>"));
    EXPECT_THAT(html, HasSubstr("<option value=\"GP5\">GP5 — Données &lt;ouvertes&gt;</option>"));
    EXPECT_THAT(html, HasSubstr("Retirer les filtres"));
    EXPECT_THAT(html, HasSubstr("Aucune réponse avec ces filtres."));
    const auto plain = renderPilotFormPage(testViews(), testing::everyTypeForm(), {}, {}, "1.a.b");
    EXPECT_THAT(plain, Not(HasSubstr("Retirer les filtres")));
    EXPECT_THAT(plain, Not(HasSubstr("filtre-groupe")));  // no groups to choose from
}

TEST(PilotPages, SizesAreRoundedForPeople)
{
    EXPECT_EQ(approximateSize(0), "≈\u00a01\u00a0ko");
    EXPECT_EQ(approximateSize(1001), "≈\u00a02\u00a0ko");
    EXPECT_EQ(approximateSize(999'000), "≈\u00a0999\u00a0ko");
    EXPECT_EQ(approximateSize(1'250'000), "≈\u00a01,3\u00a0Mo");
    EXPECT_EQ(approximateSize(3'000'000'000), "≈\u00a03\u00a0Go");
}

TEST(PublicPages, ClosedAndNotOpen)
{
    const auto& form = testing::everyTypeForm();
    EXPECT_THAT(renderClosedPage(testViews(), form, "8 décembre 2021 à 23 h 59"),
                HasSubstr("Ce formulaire est clos depuis le 8 décembre 2021 à 23\u00a0h\u00a059."));
    EXPECT_THAT(renderNotOpenPage(testViews(), form, "1er mars 2027 à 9 h 05"),
                HasSubstr("Ce formulaire ouvrira le 1er mars 2027 à 9\u00a0h\u00a005."));
}

TEST(PublicPages, IndexLinksToEachOpenForm)
{
    const auto html = renderIndexPage(testViews(), {{&testing::everyTypeForm(), "30 juin 2028 à 23 h 59"}});
    EXPECT_THAT(html, HasSubstr("<a href=\"/f/essai\">Essai &lt;b&gt;gras&lt;/b&gt;</a>"));
    EXPECT_THAT(html, HasSubstr("Ouvert jusqu'au 30 juin 2028 à 23\u00a0h\u00a059"));
    EXPECT_THAT(html, Not(HasSubstr("Bientôt")));
    EXPECT_THAT(renderIndexPage(testViews(), {}), HasSubstr("Aucun formulaire n'est ouvert en ce moment."));
}

TEST(PublicPages, IndexListsUpcomingFormsUnderBientotWithTheirOpeningDate)
{
    const auto html = renderIndexPage(testViews(), {}, {{&testing::everyTypeForm(), "1er mars 2027 à 9 h 00"}});
    EXPECT_THAT(html, HasSubstr("<h2 class=\"fr-mt-4w\">Bientôt</h2>"));
    EXPECT_THAT(html, HasSubstr("Essai &lt;b&gt;gras&lt;/b&gt;</h3>"));
    EXPECT_THAT(html, HasSubstr("Ouvrira le 1er mars 2027 à 9\u00a0h\u00a000"));
    EXPECT_THAT(html, Not(HasSubstr("href=\"/f/essai\"")));  // nothing to answer yet
}

}  // namespace
}  // namespace tnt::pages
