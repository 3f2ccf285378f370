// Answer validation (issue 4's rules): types, required, bounds, options, visibility, unknown keys, and the
// normalised answers and rows handed to storage.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/domain/answer_validation.h"
#include "service/domain/form_loader.h"

namespace tnt::domain {
namespace {

using nlohmann::json;

const char* const every_type_yaml = R"(slug: essai
title: Essai
window:
  opens_at: 2027-01-01
sections:
  - title: Tout
    questions:
      - {key: nom, type: short_text, label: Nom, required: true, max_length: 10}
      - {key: avis, type: long_text, label: Avis}
      - {key: email, type: email, label: Courriel}
      - {key: tel, type: phone, label: Téléphone}
      - {key: budget, type: number, label: Budget, min: 0, max: 1000}
      - {key: agents, type: integer, label: Agents, min: 1}
      - {key: naissance, type: date, label: Date}
      - key: role
        type: single_choice
        label: Rôle
        allow_other: true
        options: [{key: elu, label: Élu}, {key: agent, label: Agent}]
      - key: themes
        type: multiple_choice
        label: Thèmes
        min_selected: 2
        max_selected: 3
        options:
          - {key: cyber, label: Cyber}
          - {key: donnees, label: Données}
          - {key: inclusion, label: Inclusion}
          - {key: sobriete, label: Sobriété}
      - {key: note, type: scale, label: Note}
      - {key: nps, type: nps, label: NPS}
      - {key: contact, type: yes_no, label: Contact}
      - key: contact_email
        type: email
        label: Courriel de contact
        required: true
        visible_if: {question: contact, equals: oui}
      - {key: accord, type: consent, label: Accord}
      - {key: dep, type: departement, label: Département}
)";

const Form& form()
{
    static const Form loaded = [] {
        FormLoad load = loadFormText(every_type_yaml, "essai.yaml", nullptr);
        if (!load.form) {
            ADD_FAILURE() << formatDiagnostic(load.diagnostics.at(0));
            return Form{};
        }
        return *load.form;
    }();
    return loaded;
}

ValidationResult validate(json answers)
{
    if (!answers.contains("nom")) {
        answers["nom"] = "Ana";
    }
    return validateAnswers(form(), answers);
}

std::string errorOf(const json& answers, const std::string& key)
{
    const ValidationResult result = validate(answers);
    const auto it = result.errors.find(key);
    return it == result.errors.end() ? "" : it->second;
}

TEST(AnswerValidation, MinimalValidAnswerIsAccepted)
{
    const ValidationResult result = validate(json::object());
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(result.normalized.answers, (json{{"nom", "Ana"}}));
    ASSERT_EQ(result.normalized.rows.size(), 1u);
    EXPECT_EQ(result.normalized.rows[0], (AnswerRow{"nom", "", std::nullopt, std::string("Ana")}));
}

TEST(AnswerValidation, RequiredFieldMissingOrBlankGetsOneFrenchMessage)
{
    EXPECT_EQ(errorOf({{"nom", nullptr}}, "nom"), "Ce champ est obligatoire.");
    EXPECT_EQ(errorOf({{"nom", "   "}}, "nom"), "Ce champ est obligatoire.");
}

TEST(AnswerValidation, UnknownKeysAreRejected)
{
    EXPECT_EQ(errorOf({{"pirate", "x"}}, "pirate"), "Cette question n'existe pas dans ce formulaire.");
    EXPECT_EQ(errorOf({{"avis.autre", "x"}}, "avis.autre"), "Cette question n'existe pas dans ce formulaire.");
    EXPECT_FALSE(validate({{"role.autre", ""}}).errors.count("role.autre"));
}

TEST(AnswerValidation, AtMostFiftyUnknownKeysAreListed)
{
    json answers = json::object();
    for (int i = 0; i < 5000; ++i) answers["inconnue" + std::to_string(i)] = "x";
    const auto result = validate(answers);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.errors.size(), 50u) << "an error is never bigger than the request that caused it";
}

TEST(AnswerValidation, NonObjectIsRejected)
{
    EXPECT_FALSE(validateAnswers(form(), json::array()).ok());
}

TEST(AnswerValidation, TextsAreTrimmedAndLimitedInCharacters)
{
    const ValidationResult ok = validate({{"nom", "  Éloïse\u00a0 "}});
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.normalized.answers["nom"], "Éloïse");
    // Ten characters, more than ten bytes.
    EXPECT_TRUE(validate({{"nom", "éééééééééé"}}).ok());
    EXPECT_EQ(errorOf({{"nom", "ééééééééééé"}}, "nom"), "Ce texte est trop long : 10 caractères au maximum.");
    EXPECT_EQ(errorOf({{"avis", std::string(10001, 'a')}}, "avis"),
              "Ce texte est trop long : 10000 caractères au maximum.");
    EXPECT_EQ(errorOf({{"nom", 42}}, "nom"), "Saisissez un texte.");
}

TEST(AnswerValidation, InvalidUtf8IsRejected)
{
    EXPECT_EQ(errorOf({{"avis", std::string("caf\xC3", 4)}}, "avis"), "Ce texte contient des caractères non valides.");
}

TEST(AnswerValidation, EmailSyntaxIsChecked)
{
    EXPECT_EQ(errorOf({{"email", "ana@commune"}}, "email"),
              "Saisissez une adresse électronique valide, par exemple nom@commune.fr.");
    const ValidationResult ok = validate({{"email", " Ana.Martin@Mairie-Lyon.FR "}});
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.normalized.answers["email"], "Ana.Martin@mairie-lyon.fr");
}

TEST(AnswerValidation, PhoneIsNormalised)
{
    const ValidationResult ok = validate({{"tel", "+33 (0)6.12.34.56.78"}});
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.normalized.answers["tel"], "06 12 34 56 78");
    EXPECT_EQ(errorOf({{"tel", "12345"}}, "tel"),
              "Saisissez un numéro de téléphone valide, par exemple 01 23 45 67 89.");
}

TEST(AnswerValidation, NumbersAcceptJsonNumbersAndFrenchStrings)
{
    const ValidationResult ok = validate({{"budget", "12,5"}, {"agents", "7"}});
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.normalized.answers["budget"], 12.5);
    EXPECT_EQ(ok.normalized.answers["agents"], 7);
    EXPECT_TRUE(ok.normalized.answers["agents"].is_number_integer());
    EXPECT_EQ(ok.normalized.rows[1], (AnswerRow{"budget", "", 12.5, std::nullopt}));
    EXPECT_TRUE(validate({{"budget", 1000}}).ok());
}

TEST(AnswerValidation, NumberBoundsAndIntegersAreEnforced)
{
    EXPECT_EQ(errorOf({{"budget", 1000.5}}, "budget"), "Saisissez un nombre entre 0 et 1000.");
    EXPECT_EQ(errorOf({{"budget", "douze"}}, "budget"), "Saisissez un nombre, par exemple 12,5.");
    EXPECT_EQ(errorOf({{"agents", 2.5}}, "agents"), "Saisissez un nombre entier, par exemple 12.");
    EXPECT_EQ(errorOf({{"agents", 0}}, "agents"), "Saisissez un nombre entier supérieur ou égal à 1.");
}

TEST(AnswerValidation, ScaleAndNpsStayWithinTheirRange)
{
    const ValidationResult ok = validate({{"note", "4"}, {"nps", 0}});
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.normalized.answers["note"], 4);
    EXPECT_EQ(errorOf({{"note", 6}}, "note"), "Choisissez une note entre 1 et 5.");
    EXPECT_EQ(errorOf({{"nps", "11"}}, "nps"), "Choisissez une note entre 0 et 10.");
}

TEST(AnswerValidation, DatesMustBeRealDays)
{
    EXPECT_TRUE(validate({{"naissance", "2024-02-29"}}).ok());
    EXPECT_EQ(errorOf({{"naissance", "2021-02-30"}}, "naissance"),
              "Saisissez une date valide au format AAAA-MM-JJ, par exemple 2027-03-15.");
    EXPECT_FALSE(validate({{"naissance", "30/01/2021"}}).ok());
}

TEST(AnswerValidation, SingleChoiceAcceptsOnlyItsOptions)
{
    EXPECT_TRUE(validate({{"role", "elu"}}).ok());
    EXPECT_EQ(errorOf({{"role", "prefet"}}, "role"), "Choisissez une des réponses proposées.");
    EXPECT_EQ(errorOf({{"role", json::array({"elu", "agent"})}}, "role"), "Choisissez une des réponses proposées.");
}

TEST(AnswerValidation, OtherOptionNeedsItsOwnText)
{
    EXPECT_EQ(errorOf({{"role", "autre"}}, "role.autre"), "Précisez votre réponse.");
    const ValidationResult ok = validate({{"role", "autre"}, {"role.autre", " Secrétaire de mairie "}});
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.normalized.answers["role.autre"], "Secrétaire de mairie");
    EXPECT_EQ(ok.normalized.rows.back(),
              (AnswerRow{"role", "autre", std::nullopt, std::string("Secrétaire de mairie")}));
    // A text left in the "other" box after choosing a listed option is dropped.
    const ValidationResult listed = validate({{"role", "elu"}, {"role.autre", "oublié"}});
    ASSERT_TRUE(listed.ok());
    EXPECT_FALSE(listed.normalized.answers.contains("role.autre"));
}

TEST(AnswerValidation, MultipleChoiceChecksOptionsAndCounts)
{
    const ValidationResult ok = validate({{"themes", json::array({"inclusion", "cyber", "cyber"})}});
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.normalized.answers["themes"], json::array({"cyber", "inclusion"}));
    ASSERT_EQ(ok.normalized.rows.size(), 3u);
    EXPECT_EQ(ok.normalized.rows[1], (AnswerRow{"themes", "cyber", std::nullopt, std::nullopt}));
    EXPECT_EQ(ok.normalized.rows[2], (AnswerRow{"themes", "inclusion", std::nullopt, std::nullopt}));
    EXPECT_EQ(errorOf({{"themes", json::array({"cyber"})}}, "themes"), "Sélectionnez au moins 2 réponses.");
    EXPECT_EQ(errorOf({{"themes", json::array({"cyber", "donnees", "inclusion", "sobriete"})}}, "themes"),
              "Sélectionnez au plus 3 réponses.");
    EXPECT_EQ(errorOf({{"themes", json::array({"cyber", "ia"})}}, "themes"),
              "Choisissez parmi les réponses proposées.");
}

TEST(AnswerValidation, YesNoAndConsentAcceptHtmlAndJsonShapes)
{
    for (const json& yes : {json(true), json("oui"), json("true")}) {
        const ValidationResult r = validate({{"contact", yes}, {"contact_email", "a@b.fr"}});
        ASSERT_TRUE(r.ok()) << yes;
        EXPECT_EQ(r.normalized.answers["contact"], "oui");
    }
    EXPECT_EQ(validate({{"contact", "false"}}).normalized.answers["contact"], "non");
    EXPECT_EQ(errorOf({{"contact", "peut-être"}}, "contact"), "Répondez par oui ou par non.");
    for (const json& ticked : {json(true), json("on"), json("true")}) {
        const ValidationResult r = validate({{"accord", ticked}});
        ASSERT_TRUE(r.ok()) << ticked;
        EXPECT_EQ(r.normalized.answers["accord"], true);
        EXPECT_EQ(r.normalized.rows.back(), (AnswerRow{"accord", "oui", std::nullopt, std::nullopt}));
    }
    EXPECT_FALSE(validate({{"accord", false}}).normalized.answers.contains("accord"));
}

TEST(AnswerValidation, RequiredConsentMustBeTicked)
{
    Form f = form();
    for (Question& q : f.questions) {
        if (q.key == "accord") {
            q.required = true;
        }
    }
    const ValidationResult r = validateAnswers(f, {{"nom", "Ana"}, {"accord", false}});
    EXPECT_EQ(r.errors.at("accord"), "Cochez cette case pour continuer.");
}

TEST(AnswerValidation, DepartementsAreNormalised)
{
    EXPECT_EQ(validate({{"dep", "1"}}).normalized.answers["dep"], "01");
    EXPECT_EQ(validate({{"dep", "2a"}}).normalized.answers["dep"], "2A");
    EXPECT_EQ(validate({{"dep", "974"}}).normalized.answers["dep"], "974");
    EXPECT_EQ(validate({{"dep", 69}}).normalized.answers["dep"], "69");
    EXPECT_EQ(errorOf({{"dep", "20"}}, "dep"), "Choisissez un département de la liste, par exemple 01, 2A ou 974.");
    EXPECT_FALSE(validate({{"dep", "96"}}).ok());
    EXPECT_FALSE(validate({{"dep", "977"}}).ok());
    EXPECT_EQ(validate({{"dep", "2B"}}).normalized.rows.back(), (AnswerRow{"dep", "2B", std::nullopt, std::nullopt}));
}

TEST(AnswerValidation, HiddenQuestionIsNotRequiredAndItsAnswerIsDropped)
{
    const ValidationResult hidden = validate({{"contact", "non"}, {"contact_email", "pas-une-adresse"}});
    ASSERT_TRUE(hidden.ok());
    EXPECT_FALSE(hidden.normalized.answers.contains("contact_email"));
    for (const AnswerRow& row : hidden.normalized.rows) {
        EXPECT_NE(row.question_key, "contact_email");
    }
    // Unanswered controlling question: hidden as well.
    EXPECT_TRUE(validate(json::object()).ok());
}

TEST(AnswerValidation, VisibleQuestionIsRequiredAndValidated)
{
    EXPECT_EQ(errorOf({{"contact", "oui"}}, "contact_email"), "Ce champ est obligatoire.");
    EXPECT_EQ(errorOf({{"contact", "oui"}, {"contact_email", "x"}}, "contact_email"),
              "Saisissez une adresse électronique valide, par exemple nom@commune.fr.");
}

TEST(AnswerValidation, EveryFieldInErrorGetsItsMessageAndNothingIsNormalised)
{
    const ValidationResult result = validate({{"nom", ""}, {"email", "x"}, {"nps", 12}, {"pirate", 1}});
    EXPECT_EQ(result.errors.size(), 4u);
    EXPECT_TRUE(result.normalized.answers.empty());
    EXPECT_TRUE(result.normalized.rows.empty());
}

}  // namespace
}  // namespace tnt::domain
