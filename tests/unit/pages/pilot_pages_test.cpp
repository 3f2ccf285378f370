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
    EXPECT_THAT(html, HasSubstr("<th scope=\"row\">2027-01-02</th><td>3</td>"));
    EXPECT_THAT(html, HasSubstr("action=\"/pilote/deconnexion\""));
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
