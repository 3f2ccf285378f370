// The invitations' links and what they fill in (issue 19): a personal link is the invitation's public id
// signed under its own purpose, so an unsubscribe link, a draft secret or another key's link never passes for
// one; the draft secret of an invitation is one the drafts accept, and the same each time the link is opened.
#include <gtest/gtest.h>

#include "service/domain/form_loader.h"
#include "service/submission/invitations.h"
#include "service/submission/signed_secrets.h"

namespace tnt::submission {
namespace {

constexpr std::string_view kForm = R"(slug: elus
title: Élus
window:
  opens_at: 2026-01-01
invitations:
  mandate: mandat
  departement: departement
  commune: commune
sections:
  - title: Vous
    questions:
      - key: mandat
        type: single_choice
        label: Mandat
        options:
          - key: maire
            label: Maire
          - key: adjoint
            label: Adjoint au maire
      - key: departement
        type: departement
        label: Département
      - key: commune
        type: short_text
        label: Commune
)";

domain::Form form(std::string_view yaml = kForm)
{
    auto loaded = domain::loadFormText(yaml, "elus.yaml", nullptr);
    EXPECT_TRUE(loaded.diagnostics.empty())
        << (loaded.diagnostics.empty() ? "" : domain::formatDiagnostic(loaded.diagnostics.front()));
    return *loaded.form;
}

TEST(InvitationLinks, ALinkCarriesItsPublicIdUnderItsOwnPurpose)
{
    const InvitationLinks links("service key");
    const auto id = InvitationLinks::newPublicId();
    ASSERT_EQ(id.size(), 32u);
    EXPECT_NE(id, InvitationLinks::newPublicId());
    const auto token = links.invitationToken(id);
    EXPECT_EQ(token.size(), 48u);
    EXPECT_EQ(links.invitationToken(id), token) << "written again the same for a reminder";
    EXPECT_EQ(links.invitationSubject(token), id);
    const auto unsubscribe = links.unsubscribeToken(id);
    EXPECT_NE(unsubscribe, token);
    EXPECT_EQ(links.unsubscribeSubject(unsubscribe), id);
    EXPECT_FALSE(links.invitationSubject(unsubscribe)) << "an unsubscribe link opens no invitation";
    EXPECT_FALSE(links.unsubscribeSubject(token));
    EXPECT_FALSE(InvitationLinks("another key").invitationSubject(token));
    auto altered = token;
    altered[40] = altered[40] == '0' ? '1' : '0';
    EXPECT_FALSE(links.invitationSubject(altered));
    EXPECT_FALSE(links.invitationSubject(token.substr(0, 47)));
    EXPECT_FALSE(links.invitationSubject(id)) << "the public id alone, as the database holds it, is no link";
}

TEST(InvitationLinks, TheDraftSecretIsADraftSecretOfTheSameKeyAndNeedsTheKey)
{
    const InvitationLinks links("service key");
    const auto id = InvitationLinks::newPublicId();
    const auto secret = links.draftSecret(id);
    EXPECT_EQ(links.draftSecret(id), secret) << "the link opened again finds its draft";
    EXPECT_TRUE(SignedSecrets("service key", "draft").authentic(secret));
    EXPECT_FALSE(SignedSecrets("another key", "draft").authentic(secret));
    EXPECT_EQ(secret.find(id), std::string::npos) << "the public id does not give the draft";
    EXPECT_NE(InvitationLinks("another key").draftSecret(id).substr(0, 32), secret.substr(0, 32));
    EXPECT_NE(links.draftSecret(InvitationLinks::newPublicId()), secret);
}

TEST(SignedSecrets, SignRefusesWhatIsNot128BitsOfHex)
{
    const SignedSecrets secrets("key", "invitation");
    EXPECT_THROW(secrets.sign("abc"), std::invalid_argument);
    EXPECT_THROW(secrets.sign(std::string(32, 'G')), std::invalid_argument);
    EXPECT_TRUE(secrets.authentic(secrets.sign(std::string(32, 'a'))));
    EXPECT_EQ(secrets.subject(secrets.sign(std::string(32, 'b'))), std::string(32, 'b'));
}

TEST(InvitationAnswers, TheInvitationFillsInItsMandateDepartementAndCommune)
{
    Invitation invitation;
    invitation.mandate = "adjoint";
    invitation.departement = "2A";
    invitation.commune = "Ajaccio";
    EXPECT_EQ(invitationAnswers(form(), invitation),
              (nlohmann::json{{"mandat", "adjoint"}, {"departement", "2A"}, {"commune", "Ajaccio"}}));
    // A form that names only the mandate fills in only the mandate.
    std::string only_mandate(kForm);
    only_mandate.replace(only_mandate.find("  departement: departement\n  commune: commune\n"),
                         std::string("  departement: departement\n  commune: commune\n").size(), "");
    EXPECT_EQ(invitationAnswers(form(only_mandate), invitation), (nlohmann::json{{"mandat", "adjoint"}}));
}

TEST(InvitationSettings, TheKeyNamesQuestionsOfTheRightType)
{
    std::string wrong(kForm);
    wrong.replace(wrong.find("departement: departement"), std::string("departement: departement").size(),
                  "departement: commune");
    wrong.replace(wrong.find("mandate: mandat"), std::string("mandate: mandat").size(), "mandate: inconnue");
    const auto loaded = domain::loadFormText(wrong, "elus.yaml", nullptr);
    ASSERT_EQ(loaded.diagnostics.size(), 2u);
    EXPECT_NE(domain::formatDiagnostic(loaded.diagnostics[0]).find("invitations.mandate"), std::string::npos);
    EXPECT_NE(domain::formatDiagnostic(loaded.diagnostics[1]).find("invitations.departement"), std::string::npos);
}

}  // namespace
}  // namespace tnt::submission
