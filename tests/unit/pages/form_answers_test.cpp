// From posted fields to the answers object the domain validates.
#include <gtest/gtest.h>

#include "every_type_form.h"
#include "service/domain/answer_validation.h"
#include "service/pages/form_answers.h"

namespace tnt::pages {
namespace {

using nlohmann::json;
using testing::everyTypeForm;

TEST(FormAnswers, OneStringPerQuestionAndAnArrayForMultipleChoice)
{
    const auto answers = answersFromFields(
        everyTypeForm(),
        {{"nom", "Ana"}, {"themes", "cyber"}, {"note", "4"}, {"themes", "donnees"}, {"accord", "oui"}});
    EXPECT_EQ(answers, (json{{"nom", "Ana"}, {"themes", {"cyber", "donnees"}}, {"note", "4"}, {"accord", "oui"}}));
    EXPECT_EQ(answersFromFields(everyTypeForm(), {{"themes", "cyber"}})["themes"], json::array({"cyber"}));
}

TEST(FormAnswers, EmptyFieldsPageTokensAndUnknownNamesAreLeftOut)
{
    const auto answers = answersFromFields(
        everyTypeForm(),
        {{"nom", "  "}, {"avis", ""}, {"_csrf", "x"}, {"_jeton", "y"}, {"_site_web", ""}, {"inconnu", "z"}});
    EXPECT_EQ(answers, json::object());
}

TEST(FormAnswers, OtherTextTicksOtherForAMultipleChoice)
{
    const auto answers = answersFromFields(everyTypeForm(), {{"themes", "cyber"}, {"themes.autre", "Sobriété"}});
    EXPECT_EQ(answers["themes"], (json{"cyber", "autre"}));
    EXPECT_EQ(answers["themes.autre"], "Sobriété");
}

TEST(FormAnswers, OtherTextOfASingleChoice)
{
    EXPECT_EQ(answersFromFields(everyTypeForm(), {{"role.autre", "Secrétaire"}}),
              (json{{"role", "autre"}, {"role.autre", "Secrétaire"}}));
    EXPECT_EQ(answersFromFields(everyTypeForm(), {{"role", "autre"}, {"role.autre", "Secrétaire"}}),
              (json{{"role", "autre"}, {"role.autre", "Secrétaire"}}));
    // Another option chosen: the text typed beside "Autre" is not an answer.
    EXPECT_EQ(answersFromFields(everyTypeForm(), {{"role", "elu"}, {"role.autre", "Secrétaire"}}),
              (json{{"role", "elu"}}));
}

TEST(FormAnswers, AValidPostValidates)
{
    const auto answers = answersFromFields(everyTypeForm(), {{"nom", "Ana"},
                                                             {"role", "elu"},
                                                             {"accord", "oui"},
                                                             {"budget", "12,5"},
                                                             {"note", "5"},
                                                             {"nps", "9"},
                                                             {"contact", "oui"},
                                                             {"contact_email", "a@b.fr"},
                                                             {"dep", "2A"},
                                                             {"naissance", "2000-02-29"}});
    const auto result = domain::validateAnswers(everyTypeForm(), answers);
    EXPECT_TRUE(result.ok()) << nlohmann::json(result.errors).dump();
}

}  // namespace
}  // namespace tnt::pages
