// The respondent's receipt pages: what the receipt says (number grouped, time, groups joined, the personal
// deletion link) and the pages of a receipt that leads nowhere.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "every_type_form.h"
#include "service/pages/receipt_pages.h"

namespace tnt::pages {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ReceiptPages, ResponseNumberIsShownInGroupsOfFour)
{
    EXPECT_EQ(formatResponseNumber("K7QM3XHT9PZRW2NA"), "K7QM-3XHT-9PZR-W2NA");
    EXPECT_EQ(formatResponseNumber("ABCDE"), "ABCD-E");
    EXPECT_EQ(formatResponseNumber(""), "");
}

ReceiptGroup group(const std::string& name, const std::string& code,
                   domain::RegistrationState state = domain::RegistrationState::registered, long long position = 0)
{
    domain::Placement p;
    p.group = code;
    p.state = state;
    p.position = position;
    return {name, p, "/f/essai/merci/0a1b/groupes/" + code + "/retrait", {}, {}};
}

TEST(ReceiptPages, ReceiptSaysNumberTimeGroupsAndCarriesTheDeletionLink)
{
    const auto& form = testing::everyTypeForm();
    const auto html = renderReceiptPage(
        testing::testViews(), form,
        {"K7QM3XHT9PZRW2NA",
         "1 décembre 2026 à 10 h 03",
         {group("Cybersécurité", "GP5"), group("Données <ouvertes>", "GP6", domain::RegistrationState::waitlisted, 3)},
         "/f/essai/supprimer/0a1b"});
    EXPECT_THAT(html, HasSubstr("<strong class=\"tnt-receipt-id\">K7QM-3XHT-9PZR-W2NA</strong>"));
    EXPECT_THAT(html, HasSubstr("Envoyées le 1 décembre 2026 à 10\u00a0h\u00a003."));
    EXPECT_THAT(html, HasSubstr("Vos groupes"));
    EXPECT_THAT(html, HasSubstr("<strong>Cybersécurité</strong>"));
    EXPECT_THAT(html, HasSubstr("Vous êtes inscrit à ce groupe."));
    EXPECT_THAT(html, HasSubstr("<strong>Données &lt;ouvertes&gt;</strong>"));
    EXPECT_THAT(html, HasSubstr("Vous êtes 3e sur la liste d&#39;attente du groupe GP6."));
    EXPECT_THAT(html, HasSubstr("action=\"/f/essai/merci/0a1b/groupes/GP5/retrait\""));
    EXPECT_THAT(html, HasSubstr("href=\"/f/essai/supprimer/0a1b\""));
    EXPECT_THAT(html, HasSubstr("Merci «\u00a0vous\u00a0»\u00a0!"));
    EXPECT_THAT(html, HasSubstr("href=\"mailto:" + testing::testSite().contact_email + "\"")) << "where to write";
    EXPECT_THAT(html, HasSubstr("<title>Réponses enregistrées – Essai &lt;b&gt;gras&lt;/b&gt;</title>"));
}

TEST(ReceiptPages, ReceiptWithoutGroupsListsNone)
{
    const auto html = renderReceiptPage(testing::testViews(), testing::everyTypeForm(), {"ABCD", "hier", {}, "/x"});
    EXPECT_THAT(html, Not(HasSubstr("Vos groupes")));
}

TEST(ReceiptPages, DeletedAndUnknownReceiptsSaySo)
{
    const auto& form = testing::everyTypeForm();
    EXPECT_THAT(renderReceiptDeletedPage(testing::testViews(), form), HasSubstr("Réponse déjà supprimée"));
    EXPECT_THAT(renderReceiptUnknownPage(testing::testViews(), form),
                HasSubstr("Aucune réponse ne correspond à ce lien."));
    EXPECT_THAT(renderDeletionConfirmPage(testing::testViews(), form, "K7QM3XHT", "/f/essai/supprimer/0a1b"),
                HasSubstr("action=\"/f/essai/supprimer/0a1b\""));
    EXPECT_THAT(renderDeletedPage(testing::testViews(), form), HasSubstr("supprimée définitivement"));
}

}  // namespace
}  // namespace tnt::pages
