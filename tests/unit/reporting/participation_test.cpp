// The participation view's figures (issue 19): "started" counts those who answered too, the départements
// come in their usual order and the mandates in the form's, and the CSV has one row of each and the total.
#include <gtest/gtest.h>

#include "service/domain/form_loader.h"
#include "service/reporting/participation.h"

namespace tnt::reporting {
namespace {

using submission::InvitationState;

TEST(Participation, StartedIncludesAnsweredAndRowsFollowTheirUsualOrder)
{
    const auto forms = domain::loadFormsDirectory(TNT_FORMS_DIR);
    const auto* form = forms.find("sensibilisation-elus");
    ASSERT_NE(form, nullptr);
    const std::vector<storage::ParticipationCount> counts{{"971", "maire", InvitationState::invited, 4},
                                                          {"2A", "adjoint", InvitationState::answered, 1},
                                                          {"2A", "maire", InvitationState::started, 2},
                                                          {"01", "maire", InvitationState::answered, 3},
                                                          {"01", "maire", InvitationState::invited, 1}};
    const auto p = buildParticipation(*form, counts);
    ASSERT_EQ(p.departements.size(), 3u);
    EXPECT_EQ(p.departements[0].label, "01 Ain");
    EXPECT_EQ(p.departements[1].label, "2A Corse-du-Sud");
    EXPECT_EQ(p.departements[2].label, "971 Guadeloupe");
    EXPECT_EQ(p.departements[0].invited, 4u);
    EXPECT_EQ(p.departements[0].started, 3u);
    EXPECT_EQ(p.departements[0].answered, 3u);
    EXPECT_EQ(p.departements[0].answeredPercent(), 75);
    EXPECT_EQ(p.departements[1].started, 3u);
    EXPECT_EQ(p.departements[1].answered, 1u);
    ASSERT_EQ(p.mandates.size(), 2u);
    EXPECT_EQ(p.mandates[0].label, "Maire") << "the form's order of mandates";
    EXPECT_EQ(p.mandates[1].label, "Adjoint au maire");
    EXPECT_EQ(p.total.invited, 11u);
    EXPECT_EQ(p.total.started, 6u);
    EXPECT_EQ(p.total.answered, 4u);
    EXPECT_EQ(p.total.answeredPercent(), 36);
    EXPECT_EQ(ParticipationRow{}.answeredPercent(), 0) << "nobody invited: no division by zero";

    const auto csv = participationCsv(p);
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u) << "a BOM, for Excel";
    EXPECT_NE(csv.find("\"departement\";\"2A\";\"2A Corse-du-Sud\";3;3;1;33"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\"mandat\";\"adjoint\";\"Adjoint au maire\";1;1;1;100"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\"total\";;\"Total\";11;6;4;36"), std::string::npos) << csv;
}

}  // namespace
}  // namespace tnt::reporting
