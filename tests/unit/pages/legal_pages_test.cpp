// The footer of every page and the legal pages it links to (issue 13, item 6): the operator's details come
// from the Site given to the page, the personal data page is written from the forms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "every_type_form.h"
#include "service/pages/form_page.h"
#include "service/pages/html.h"
#include "service/pages/legal_pages.h"
#include "service/pages/pilot_pages.h"
#include "service/pages/public_pages.h"

namespace tnt::pages {
namespace {

using testing::everyTypeForm;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::testSite;
using testing::testViews;
using testing::viewsFor;

void expectFooterOfTheSite(const std::string& html)
{
    EXPECT_THAT(html, HasSubstr("<ul class=\"fr-footer__bottom-list\">"));
    EXPECT_THAT(html, HasSubstr("href=\"/accessibilite\">Accessibilité\u00a0: partiellement conforme</a>"));
    EXPECT_THAT(html, HasSubstr("href=\"/mentions-legales\">Mentions légales</a>"));
    EXPECT_THAT(html, HasSubstr("href=\"/donnees-personnelles\">Données personnelles</a>"));
    EXPECT_THAT(html, HasSubstr("href=\"/cookies\">Gestion des cookies</a>"));
    EXPECT_THAT(html, HasSubstr("<a href=\"mailto:ecrire@essai.example\">ecrire@essai.example</a>"));
}

TEST(Footer, EveryPageLinksTheLegalPagesWithTheOperatorsStatusAndContact)
{
    expectFooterOfTheSite(renderIndexPage(testViews(), {}));
    expectFooterOfTheSite(renderFormPage(testViews(), everyTypeForm(), {}));
    expectFooterOfTheSite(renderMessagePage(testViews(), "Page introuvable", "Rien ici."));
    expectFooterOfTheSite(renderPilotLoginPage(testViews(), "1.a.b", ""));
    expectFooterOfTheSite(renderCookiesPage(testViews(), "tnt_pilote", "tnt_pilote_connexion"));
}

TEST(Footer, StatusFollowsTheConfiguredConformity)
{
    Site site = testSite();
    site.accessibility = AccessibilityStatus::non_conforme;
    EXPECT_THAT(renderIndexPage(viewsFor(site), {}), HasSubstr(">Accessibilité\u00a0: non conforme</a>"));
    site.accessibility = AccessibilityStatus::totalement_conforme;
    EXPECT_THAT(renderIndexPage(viewsFor(site), {}), HasSubstr(">Accessibilité\u00a0: totalement conforme</a>"));
}

TEST(LegalPages, LegalNoticeNamesPublisherDirectorContactAndHost)
{
    const auto html = renderLegalNoticePage(testViews());
    EXPECT_THAT(html, HasSubstr("<h1>Mentions légales</h1>"));
    EXPECT_THAT(html, HasSubstr("Éditeur &lt;d&#39;essai&gt;"));
    EXPECT_THAT(html, Not(HasSubstr("<d'essai>")));
    EXPECT_THAT(html, HasSubstr("1 rue de l&#39;Essai, 75000 Paris"));
    EXPECT_THAT(html, HasSubstr("Camille Directrice"));
    EXPECT_THAT(html, HasSubstr("Hébergeur d&#39;essai, 2 rue du Serveur, 69000 Lyon"));
    EXPECT_THAT(html, HasSubstr("mailto:ecrire@essai.example"));
}

TEST(LegalPages, AccessibilityStatementStatesTheStatusAndTheWayToComplain)
{
    const auto html = renderAccessibilityPage(testViews());
    EXPECT_THAT(html, HasSubstr("<h1>Déclaration d'accessibilité</h1>"));
    EXPECT_THAT(html, HasSubstr("Ce site est <strong>partiellement conforme</strong>"));
    EXPECT_THAT(html, HasSubstr("mailto:ecrire@essai.example"));
    EXPECT_THAT(html, HasSubstr("Défenseur des droits"));
}

TEST(LegalPages, PersonalDataPageDescribesEachFormsPurposeRecipientsRetentionAndDeletion)
{
    domain::Form kept = everyTypeForm();
    kept.retention_days = 1095;
    domain::Form forever = everyTypeForm();
    forever.slug = "autre";
    forever.title = "Sans durée";
    forever.retention_days = 0;
    const auto html = renderPersonalDataPage(testViews(), {kept, forever}, nullptr, "tnt_pilote");
    EXPECT_THAT(html, HasSubstr("<h3 id=\"donnees-essai\">Essai &lt;b&gt;gras&lt;/b&gt;</h3>"));
    EXPECT_THAT(html, HasSubstr("Un formulaire d&#39;essai &amp; de démonstration."));
    EXPECT_THAT(html, HasSubstr("les pilotes à qui elle a donné accès à ce formulaire"));
    EXPECT_THAT(html, HasSubstr("supprimées 1095 jours (3 ans) après leur envoi"));
    EXPECT_THAT(html, HasSubstr("<h3 id=\"donnees-autre\">Sans durée</h3>"));
    EXPECT_THAT(html, HasSubstr("conservées jusqu'à leur suppression par l'équipe du programme"));
    EXPECT_THAT(html, HasSubstr("«\u00a0supprimer ma réponse\u00a0»"));
    EXPECT_THAT(html, HasSubstr("Éditeur &lt;d&#39;essai&gt;"));
    EXPECT_THAT(html, HasSubstr("tnt_pilote"));
}

TEST(LegalPages, PersonalDataPageNamesTheGroupPilotsOfARegistrationForm)
{
    const auto catalogue = domain::loadGroupCatalogueText(
        "groups:\n  - {code: GP3, name: Urbanisme, objective: Dématérialiser, copilots: [DGALN, AMF]}\n",
        "groups.yaml");
    ASSERT_TRUE(catalogue.catalogue);
    const auto load = domain::loadFormText(
        "slug: inscription\ntitle: Inscription\nwindow: {}\nsections:\n"
        "  - title: Groupes\n    questions:\n"
        "      - {key: groupes, type: multiple_choice, options_from: groups, label: G}\n",
        "inscription.yaml", &*catalogue.catalogue);
    ASSERT_TRUE(load.form);
    const auto html = renderPersonalDataPage(testViews(), {*load.form}, &*catalogue.catalogue, "tnt_pilote");
    EXPECT_THAT(html, HasSubstr("aussi transmise aux pilotes de ce groupe"));
    EXPECT_THAT(html, HasSubstr("<li>GP3 – Urbanisme (copilotes\u00a0: DGALN, AMF)</li>"));
}

TEST(LegalPages, CookiesPageNamesTheOnlyCookiesAndNoTracking)
{
    const auto html = renderCookiesPage(testViews(), "tnt_pilote", "tnt_pilote_connexion");
    EXPECT_THAT(html, HasSubstr("<h1>Gestion des cookies</h1>"));
    EXPECT_THAT(html, HasSubstr("<th scope=\"row\">tnt_pilote</th>"));
    EXPECT_THAT(html, HasSubstr("<th scope=\"row\">tnt_pilote_connexion</th>"));
    EXPECT_THAT(html, HasSubstr("jamais le jeton d'accès"));
    EXPECT_THAT(html, HasSubstr("aucun cookie de mesure d'audience"));
}

// French spacing is applied to the texts of every page, once, in the page shell (issue 13, item 10).
TEST(FrenchSpacing, PageTextsNeverBreakBeforePunctuationButAnswersAreKeptAsTyped)
{
    FormPageState state;
    state.values = {{"avis", "Bien : oui ! « vraiment »"}, {"nom", "Nom : X"}};
    state.errors = {{"nom", "Trop long ?"}};
    const auto html = renderFormPage(testViews(), everyTypeForm(), state);
    EXPECT_THAT(html, HasSubstr("Trop long\u00a0?"));  // a message: tied
    EXPECT_THAT(html, HasSubstr(">Bien : oui ! « vraiment »</textarea>"));  // the respondent's text: as typed
    EXPECT_THAT(html, HasSubstr("value=\"Nom : X\""));  // an attribute: as typed
    EXPECT_THAT(html, HasSubstr("Les champs marqués d'un astérisque"));
    EXPECT_THAT(withFrenchSpacing("<p>A : b</p><p title=\"c : d\">« e »</p>"),
                "<p>A\u00a0: b</p><p title=\"c : d\">«\u00a0e\u00a0»</p>");
}

}  // namespace
}  // namespace tnt::pages
