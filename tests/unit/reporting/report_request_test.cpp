// reporting::resolveReport, the one place that decides what a pilot's request covers: the form and the
// token's right to it, the groups within the token's scope (a GP3 pilot never gets more than GP3, whatever
// it asks), the dates in Paris time, and the scope written to the export log.
#include <gtest/gtest.h>

#include "service/domain/paris_time.h"
#include "service/reporting/report_request.h"
#include "tests/unit/reporting/export_forms.h"

using namespace tnt;
using reporting::ReportAsk;
using reporting::ReportRefused;

namespace {

const storage::FormIds kIds = {{"inscription-groupes-projets", 7}, {"satisfaction-agenda", 9}};

access::AccessToken token(std::vector<std::string> forms, std::vector<std::string> groups = {})
{
    access::AccessToken t;
    t.name = "test";
    t.forms = std::move(forms);
    t.groups = std::move(groups);
    return t;
}

reporting::ReportRequest resolve(const access::AccessToken& t, const std::string& slug, const ReportAsk& ask = {})
{
    return reporting::resolveReport(t, slug, ask, reporting::test::shippedForms(), kIds);
}

ReportRefused::Kind refusal(const access::AccessToken& t, const std::string& slug, const ReportAsk& ask,
                            std::string* field = nullptr)
{
    try {
        resolve(t, slug, ask);
    } catch (const ReportRefused& e) {
        if (field != nullptr) *field = e.field();
        return e.kind();
    }
    ADD_FAILURE() << "not refused";
    return ReportRefused::Kind::unknown_form;
}

}  // namespace

TEST(ReportRequest, AGroupPilotSeesItsGroupsWhateverItAsks)
{
    const auto gp3 = token({"inscription-groupes-projets"}, {"GP3", "GP5"});
    const auto all = resolve(gp3, "inscription-groupes-projets");
    EXPECT_EQ(all.filter.form_id, 7u);
    EXPECT_EQ(all.filter.groups, (std::vector<std::string>{"GP3", "GP5"}));
    EXPECT_EQ(all.groups.groups, (std::vector<std::string>{"GP3", "GP5"}));
    EXPECT_EQ(all.scope, "form:inscription-groupes-projets group:GP3 group:GP5");

    const auto one = resolve(gp3, "inscription-groupes-projets", {std::nullopt, std::nullopt, "GP5"});
    EXPECT_EQ(one.filter.groups, (std::vector<std::string>{"GP5"}));
    EXPECT_EQ(one.groups.groups, (std::vector<std::string>{"GP3", "GP5"})) << "what the groups question shows";

    EXPECT_EQ(refusal(gp3, "inscription-groupes-projets", {std::nullopt, std::nullopt, "GP1"}),
              ReportRefused::Kind::forbidden);
    EXPECT_EQ(refusal(gp3, "satisfaction-agenda", {}), ReportRefused::Kind::forbidden);
    EXPECT_EQ(refusal(gp3, "nulle-part", {}), ReportRefused::Kind::unknown_form);
}

TEST(ReportRequest, DatesAreParisDaysOrMinutesAndAPeriodMustEndAfterItStarts)
{
    const auto admin = token({"*"});
    const auto r = resolve(admin, "satisfaction-agenda", {"2026-03-01", "2026-03-31", std::nullopt});
    ASSERT_TRUE(r.filter.from && r.filter.to);
    EXPECT_EQ(domain::formatIsoUtc(*r.filter.from), "2026-02-28T23:00:00Z");
    EXPECT_EQ(domain::formatIsoUtc(*r.filter.to), "2026-03-31T22:00:00Z")
        << "the 31st included: up to 1 April 00:00, summer time";
    EXPECT_TRUE(r.filter.groups.empty());
    EXPECT_EQ(r.scope, "form:satisfaction-agenda from:2026-03-01 to:2026-03-31");

    const auto minutes = resolve(admin, "satisfaction-agenda", {"2026-03-01 14:00", "", std::nullopt});
    EXPECT_EQ(domain::formatIsoUtc(*minutes.filter.from), "2026-03-01T13:00:00Z");
    EXPECT_FALSE(minutes.filter.to) << "an empty field is no filter";

    std::string field;
    EXPECT_EQ(refusal(admin, "satisfaction-agenda", {"2026-02-30", std::nullopt, std::nullopt}, &field),
              ReportRefused::Kind::bad_filter);
    EXPECT_EQ(field, "from");
    EXPECT_EQ(refusal(admin, "satisfaction-agenda", {"2026-03-02", "2026-03-01", std::nullopt}, &field),
              ReportRefused::Kind::bad_filter);
    EXPECT_EQ(field, "to");
    EXPECT_EQ(resolve(admin, "satisfaction-agenda", {"2026-03-01", "2026-03-01", std::nullopt}).filter.from.has_value(),
              true)
        << "one whole day";
}
