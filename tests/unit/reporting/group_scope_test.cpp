// A group pilot sees only their own groups: in the export's groups columns or joined cell, and in the
// statistics of the groups question; a pilot not narrowed to groups sees every group.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/reporting/export_plan.h"
#include "service/reporting/form_statistics.h"
#include "service/reporting/group_scope.h"
#include "service/reporting/response_export.h"
#include "tests/unit/reporting/export_forms.h"

namespace tnt::reporting {
namespace {

using json = nlohmann::json;

const domain::Form& registrationForm()
{
    const auto* form = test::shippedForms().find("inscription-groupes-projets");
    if (form == nullptr) throw std::logic_error("no registration form");
    return *form;
}

std::vector<std::string> groupHeaders(const GroupScope& scope)
{
    const auto questions = exportQuestions({registrationForm().toJson().dump()}, scope);
    std::vector<std::string> out;
    for (const auto& header : exports::planColumns(questions, {exports::LabelMode::codes}).headers()) {
        if (header.starts_with("groupes.")) out.push_back(header);
    }
    return out;
}

TEST(GroupScope, GroupPilotExportHasOnlyTheirGroupsColumns)
{
    EXPECT_EQ(groupHeaders(GroupScope{{"GP3"}}), std::vector<std::string>{"groupes.GP3"});
    EXPECT_GT(groupHeaders(GroupScope{}).size(), 3u);
}

TEST(GroupScope, GroupPilotJoinedCellShowsOnlyTheirGroups)
{
    const auto questions = exportQuestions({registrationForm().toJson().dump()}, GroupScope{{"GP3", "GP6"}});
    const auto plan =
        exports::planColumns(questions, {exports::LabelMode::codes, exports::MultipleChoiceLayout::joined});
    const auto headers = plan.headers();
    const auto at = std::find(headers.begin(), headers.end(), "groupes") - headers.begin();
    ASSERT_LT(at, static_cast<long>(headers.size()));
    const auto row = exports::formatRow(plan, "r", {}, json{{"groupes", {"GP1", "GP3", "GP5"}}});
    EXPECT_EQ(row[at].value, "GP3");
}

TEST(GroupScope, TheRegistrationsColumnSaysTheStateInTheirGroupsOnly)
{
    const auto plan =
        planResponseColumns({registrationForm().toJson().dump()}, {exports::LabelMode::text}, GroupScope{{"GP3"}});
    ASSERT_TRUE(plan.options.registrationStates) << "a registration form has the column";
    EXPECT_EQ(plan.headers().back(), "État des inscriptions");
    EXPECT_EQ(registrationsText("GP1:registered,GP3:waitlisted", plan.options.registrationGroups, false),
              "GP3 : En liste d'attente");
    EXPECT_EQ(registrationsText("GP1:registered,GP3:waitlisted", {}, false),
              "GP1 : Inscrit ; GP3 : En liste d'attente");
    EXPECT_EQ(registrationsText("GP1:registered,GP3:offered", {}, true), "GP1:registered,GP3:offered");
    EXPECT_EQ(registrationsText("", {}, false), "");
    const auto row = exports::formatRow(plan, "r", {}, json::object());
    EXPECT_EQ(row.size(), plan.headers().size());

    const auto* survey = test::shippedForms().find("sensibilisation-elus");
    ASSERT_NE(survey, nullptr);
    EXPECT_FALSE(planResponseColumns({survey->toJson().dump()}, {}).options.registrationStates)
        << "no groups, no column";
}

TEST(GroupScope, GroupPilotStatisticsCountOnlyTheirGroups)
{
    storage::AggregatedAnswers aggregated;
    aggregated.responses = 2;
    aggregated.respondents["groupes"] = 2;
    aggregated.option_counts["groupes"] = {{"GP3", 2}, {"GP5", 1}, {"GP1", 1}};
    const auto optionsOf = [&](const GroupScope& scope) {
        const auto stats = buildStatistics(registrationForm(), aggregated, scope);
        std::vector<std::string> keys;
        for (const auto& q : stats.questions) {
            if (q.key != "groupes") continue;
            for (const auto& o : std::get<exports::ChoiceStatistics>(q.figures).options) keys.push_back(o.key);
        }
        return keys;
    };
    EXPECT_EQ(optionsOf(GroupScope{{"GP3"}}), std::vector<std::string>{"GP3"});
    const auto all = optionsOf(GroupScope{});
    EXPECT_NE(std::find(all.begin(), all.end(), "GP5"), all.end());
}

}  // namespace
}  // namespace tnt::reporting
