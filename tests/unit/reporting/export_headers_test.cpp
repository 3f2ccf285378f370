// Every header of every export is unique: on each shipped form and on a form of every question type, in
// every label, multiple-choice and dialect mode (the importer, pandas and pivot tables refuse repeats).
#include <gtest/gtest.h>

#include <set>

#include "service/reporting/export_plan.h"
#include "tests/unit/reporting/export_forms.h"

namespace tnt::reporting {
namespace {

void expectUniqueHeaders(const domain::Form& form)
{
    const auto questions = exportQuestions({form.toJson().dump()});
    for (const auto& mode : test::everyExportMode()) {
        const auto headers = exports::planColumns(questions, mode).headers();
        std::set<std::string> seen;
        for (const auto& header : headers) {
            EXPECT_TRUE(seen.insert(header).second)
                << form.slug << " " << test::modeName(mode) << ": « " << header << " » twice";
        }
    }
}

TEST(ExportHeaders, AreUniqueOnEveryShippedFormInEveryMode)
{
    ASSERT_TRUE(test::shippedForms().diagnostics.empty());
    ASSERT_GE(test::shippedForms().forms.size(), 3u);
    for (const auto& form : test::shippedForms().forms) expectUniqueHeaders(form);
}

TEST(ExportHeaders, AreUniqueOnAFormOfEveryTypeInEveryMode)
{
    expectUniqueHeaders(test::everyTypeForm());
}

TEST(ExportHeaders, OtherOptionFlagIsNotNamedLikeTheOtherText)
{
    const auto* form = test::shippedForms().find("satisfaction-agenda");
    ASSERT_NE(form, nullptr);
    const auto headers =
        exports::planColumns(exportQuestions({form->toJson().dump()}), {exports::LabelMode::codes}).headers();
    const auto has = [&](const std::string& name) {
        return std::find(headers.begin(), headers.end(), name) != headers.end();
    };
    EXPECT_TRUE(has("rubriques_utilisees.autre_coche"));
    EXPECT_TRUE(has("rubriques_utilisees.autre"));
}

}  // namespace
}  // namespace tnt::reporting
