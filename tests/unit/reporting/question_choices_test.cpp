// The statistics and the exports name a question's choices as the question does (Question::choices(), the
// built-in oui/non/autre included), on every shipped form and on a form of every type.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "service/reporting/export_plan.h"
#include "service/reporting/form_statistics.h"
#include "tests/unit/reporting/export_forms.h"

namespace tnt::reporting {
namespace {

using KeysAndLabels = std::vector<std::pair<std::string, std::string>>;

void expectSameChoicesEverywhere(const domain::Form& form)
{
    const auto exported = exportQuestions({form.toJson().dump()});
    const auto statistics = buildStatistics(form, storage::AggregatedAnswers{});
    ASSERT_EQ(exported.size(), form.questions.size());
    ASSERT_EQ(statistics.questions.size(), form.questions.size());
    for (std::size_t i = 0; i < form.questions.size(); ++i) {
        const auto& question = form.questions[i];
        if (!domain::hasOptionKeys(question.type)) continue;
        SCOPED_TRACE(form.slug + " " + question.key);
        KeysAndLabels offered;
        for (const auto& choice : question.choices()) offered.emplace_back(choice.key, choice.label);
        ASSERT_FALSE(offered.empty());

        KeysAndLabels inExport;
        for (const auto& option : exported[i].options) inExport.emplace_back(option.key, option.label);
        EXPECT_EQ(inExport, offered);

        const auto* choice = std::get_if<exports::ChoiceStatistics>(&statistics.questions[i].figures);
        ASSERT_NE(choice, nullptr);
        KeysAndLabels inStatistics;
        for (const auto& option : choice->options) inStatistics.emplace_back(option.key, option.label);
        EXPECT_EQ(inStatistics, offered);
    }
}

TEST(QuestionChoices, StatisticsAndExportsNameThemLikeTheShippedForms)
{
    ASSERT_TRUE(test::shippedForms().diagnostics.empty());
    for (const auto& form : test::shippedForms().forms) expectSameChoicesEverywhere(form);
}

TEST(QuestionChoices, StatisticsAndExportsNameThemLikeAFormOfEveryType)
{
    expectSameChoicesEverywhere(test::everyTypeForm());
}

}  // namespace
}  // namespace tnt::reporting
