// unique_by claims (one registration per e-mail and group) and the selected groups.
#include <gtest/gtest.h>

#include "service/domain/answer_validation.h"
#include "service/domain/form_loader.h"
#include "service/domain/unique_claims.h"

namespace tnt::domain {
namespace {

using nlohmann::json;

Form registrationForm()
{
    GroupCatalogue catalogue;
    catalogue.groups.push_back(Group{"GP1", "Agenda", "Objectif", {}, std::nullopt, std::nullopt, {}});
    catalogue.groups.push_back(Group{"GP2", "Sensibilisation", "Objectif", {}, 10, std::nullopt, {}});
    catalogue.groups.push_back(Group{"GP5", "Cybersécurité", "Objectif", {}, std::nullopt, std::nullopt, {}});
    const FormLoad load = loadFormText(R"(slug: inscription
title: Inscription
window: {}
unique_by: [email, groupes]
sections:
  - title: Vous
    questions:
      - {key: email, type: email, label: Courriel, required: true}
      - {key: groupes, type: multiple_choice, label: Groupes, options_from: groups, required: true}
)",
                                       "inscription.yaml", &catalogue);
    EXPECT_TRUE(load.form) << (load.diagnostics.empty() ? "" : formatDiagnostic(load.diagnostics[0]));
    return load.form.value_or(Form{});
}

TEST(UniqueClaims, OneClaimPerEmailAndSelectedGroup)
{
    const Form form = registrationForm();
    const ValidationResult result =
        validateAnswers(form, {{"email", " Ana.Martin@Lyon.fr "}, {"groupes", json::array({"GP5", "GP1"})}});
    ASSERT_TRUE(result.ok());
    const std::vector<std::string> claims = uniqueClaims(form, result.normalized.answers);
    EXPECT_EQ(claims, (std::vector<std::string>{R"(["email","ana.martin@lyon.fr","groupes","GP1"])",
                                                R"(["email","ana.martin@lyon.fr","groupes","GP5"])"}));
}

TEST(UniqueClaims, EmailsCompareCaseInsensitively)
{
    const Form form = registrationForm();
    const auto a = uniqueClaims(form, {{"email", "ANA@lyon.fr"}, {"groupes", json::array({"GP1"})}});
    const auto b = uniqueClaims(form, {{"email", "ana@LYON.FR"}, {"groupes", json::array({"GP1"})}});
    EXPECT_EQ(a, b);
}

TEST(UniqueClaims, NoUniqueByMeansNoClaim)
{
    Form form = registrationForm();
    form.unique_by.clear();
    EXPECT_TRUE(uniqueClaims(form, {{"email", "a@b.fr"}}).empty());
}

TEST(UniqueClaims, ClaimedGroupNamesTheGroupOfAClaim)
{
    const Form form = registrationForm();
    const auto claims = uniqueClaims(form, {{"email", "ana@lyon.fr"}, {"groupes", json::array({"GP5"})}});
    ASSERT_EQ(claims.size(), 1u);
    EXPECT_EQ(claimedGroup(form, claims[0]), "GP5");
    EXPECT_EQ(claimedGroup(form, R"(["email","ana@lyon.fr"])"), std::nullopt);
    EXPECT_EQ(claimedGroup(form, "not json"), std::nullopt);
}

TEST(SelectedGroups, GivesGroupCodesInCatalogueOrder)
{
    const Form form = registrationForm();
    EXPECT_EQ(selectedGroups(form, {{"groupes", json::array({"GP5", "GP1"})}}),
              (std::vector<std::string>{"GP1", "GP5"}));
    EXPECT_TRUE(selectedGroups(form, json::object()).empty());
}

}  // namespace
}  // namespace tnt::domain
