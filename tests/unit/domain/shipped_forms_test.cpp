// The forms shipped in forms/ pass the checker, are open when the service starts (2026-11-24) and for at
// least a year, and accept a typical complete answer.
#include <gtest/gtest.h>

#include <date/date.h>

#include <map>

#include "service/domain/answer_validation.h"
#include "service/domain/form_loader.h"
#include "service/domain/unique_claims.h"

namespace tnt::domain {
namespace {

using nlohmann::json;

const FormSet& shipped()
{
    static const FormSet set = loadFormsDirectory(TNT_FORMS_DIR);
    return set;
}

TEST(ShippedForms, EveryShippedFilePassesTheChecker)
{
    for (const Diagnostic& d : shipped().diagnostics) {
        ADD_FAILURE() << formatDiagnostic(d);
    }
    ASSERT_EQ(shipped().forms.size(), 3u);
    EXPECT_NE(shipped().find("sensibilisation-elus"), nullptr);
    EXPECT_NE(shipped().find("inscription-groupes-projets"), nullptr);
    EXPECT_NE(shipped().find("satisfaction-agenda"), nullptr);
}

TEST(ShippedForms, AreOpenFromDeploymentForAtLeastAYear)
{
    const TimePoint deployment = date::sys_days{date::year{2026} / 11 / 24};
    const TimePoint aYearLater = date::sys_days{date::year{2027} / 11 / 24};
    for (const Form& form : shipped().forms) {
        EXPECT_EQ(form.window.statusAt(deployment), FormStatus::open) << form.slug;
        EXPECT_EQ(form.window.statusAt(aYearLater), FormStatus::open) << form.slug;
        EXPECT_GT(form.retention_days, 0) << form.slug;
    }
}

// RGAA 11.13: the respondent's own name, organisation, title, address and phone can be filled in by the
// browser (issue 13, item 7).
TEST(ShippedForms, PersonalFieldsHaveTheirAutocompleteToken)
{
    const std::map<std::pair<std::string, std::string>, std::string> expected = {
        {{"inscription-groupes-projets", "prenom"}, "given-name"},
        {{"inscription-groupes-projets", "nom"}, "family-name"},
        {{"inscription-groupes-projets", "email"}, "email"},
        {{"inscription-groupes-projets", "telephone"}, "tel"},
        {{"inscription-groupes-projets", "structure"}, "organization"},
        {{"inscription-groupes-projets", "fonction"}, "organization-title"},
        {{"sensibilisation-elus", "contact_nom"}, "name"},
        {{"sensibilisation-elus", "contact_email"}, "email"}};
    for (const auto& [where, token] : expected) {
        const Form* form = shipped().find(where.first);
        ASSERT_NE(form, nullptr) << where.first;
        const Question* q = form->find(where.second);
        ASSERT_NE(q, nullptr) << where.second;
        EXPECT_EQ(q->autocompleteToken(), token) << where.first << " " << where.second;
    }
}

TEST(ShippedForms, CatalogueHasTheProgrammeGroups)
{
    ASSERT_TRUE(shipped().catalogue);
    for (const char* code : {"GP1", "GP2", "GP3", "GP5", "GP6", "GP8", "GP9", "GP10", "GP11"}) {
        EXPECT_NE(shipped().catalogue->find(code), nullptr) << code;
    }
    EXPECT_EQ(shipped().catalogue->find("GP2")->copilots.size(), 4u);
}

TEST(ShippedForms, RegistrationOffersCatalogueGroupsAndIsUniqueByEmailAndGroup)
{
    const Form* form = shipped().find("inscription-groupes-projets");
    ASSERT_NE(form, nullptr);
    const Question* groups = form->groupsQuestion();
    ASSERT_NE(groups, nullptr);
    EXPECT_EQ(groups->options.size(), shipped().catalogue->groups.size());
    EXPECT_EQ(groups->options[0].key, "GP1");
    EXPECT_EQ(groups->options[0].label, "Agenda de la transformation numérique des collectivités");
    EXPECT_EQ(form->unique_by, (std::vector<std::string>{"email", groups->key}));

    // What the HTML form posts: strings and arrays of strings.
    const json posted = {{"prenom", "Claire"},
                         {"nom", "Durand"},
                         {"email", "Claire.Durand@Agglo-Exemple.fr"},
                         {"telephone", "05 45 00 00 00"},
                         {"structure", "Communauté d'agglomération exemple"},
                         {"type_structure", "autre"},
                         {"type_structure.autre", "Centre de gestion"},
                         {"role", "agent"},
                         {"fonction", "Directrice des systèmes d'information"},
                         {"departement", "16"},
                         {"groupes", json::array({"GP5", "GP1"})},
                         {"motivation", ""},
                         {"consentement", "on"}};
    const ValidationResult result = validateAnswers(*form, posted);
    for (const auto& [key, message] : result.errors) {
        ADD_FAILURE() << key << ": " << message;
    }
    EXPECT_EQ(selectedGroups(*form, result.normalized.answers), (std::vector<std::string>{"GP1", "GP5"}));
    EXPECT_EQ(uniqueClaims(*form, result.normalized.answers).size(), 2u);
}

TEST(ShippedForms, SurveyAcceptsACompleteAnswerAndHidesContactWhenRefused)
{
    const Form* form = shipped().find("sensibilisation-elus");
    ASSERT_NE(form, nullptr);
    json answers = {{"importance_numerique", "4"},
                    {"aise_sujets", "plutot_aise"},
                    {"enjeux_percus", json::array({"services_usagers", "efficacite"})},
                    {"formation_suivie", "non"},
                    {"formations_connues", json::array({"mooc"})},
                    {"formats_preferes", json::array({"webinaire_court", "fiche_pratique"})},
                    {"themes_interet", json::array({"cybersecurite", "donnees", "inclusion"})},
                    {"theme_prioritaire", "cybersecurite"},
                    {"mandat", "maire"},
                    {"type_collectivite", "commune"},
                    {"population", "de_500_a_1999"},
                    {"departement", "2A"},
                    {"accepte_contact", "non"}};
    const ValidationResult result = validateAnswers(*form, answers);
    for (const auto& [key, message] : result.errors) {
        ADD_FAILURE() << key << ": " << message;
    }
    EXPECT_FALSE(result.normalized.answers.contains("formations_connues"));  // hidden by formation_suivie
    answers["accepte_contact"] = "oui";
    const ValidationResult contact = validateAnswers(*form, answers);
    EXPECT_EQ(contact.errors.count("contact_email"), 1u);
    EXPECT_EQ(contact.errors.count("contact_consentement"), 1u);
}

TEST(ShippedForms, SatisfactionAcceptsScalesAndNps)
{
    const Form* form = shipped().find("satisfaction-agenda");
    ASSERT_NE(form, nullptr);
    const ValidationResult result = validateAnswers(*form, {{"profil", "agent_collectivite"},
                                                            {"frequence", "chaque_mois"},
                                                            {"satisfaction_generale", 4},
                                                            {"utilite", 5},
                                                            {"facilite", 3},
                                                            {"exhaustivite", 4},
                                                            {"recommandation", 9},
                                                            {"taille_collectivite", "de_2000_a_9999"}});
    for (const auto& [key, message] : result.errors) {
        ADD_FAILURE() << key << ": " << message;
    }
    EXPECT_EQ(result.normalized.answers["recommandation"], 9);
}

}  // namespace
}  // namespace tnt::domain
