// The dashboard's registrants as the shipped registration form names them: who (prénom nom), from which
// structure, and only the groups of the pilot's scope, with any state other than « inscrit » said; which
// questions are listed as free text; how many pages a list fills.
#include <gtest/gtest.h>

#include "service/reporting/response_lists.h"
#include "tests/unit/reporting/export_forms.h"

namespace tnt::reporting {
namespace {

const domain::Form& registrationForm()
{
    const auto* form = test::shippedForms().find("inscription-groupes-projets");
    if (form == nullptr) throw std::logic_error("no registration form");
    return *form;
}

storage::ListedResponse registrant()
{
    return {"K7QM3XHT9PZRW2NA", std::chrono::sys_time<std::chrono::microseconds>(std::chrono::seconds(1'765'184'400)),
            R"({"prenom": "Ada", "nom": "Lovelace", "structure": "Commune d'Essai", "groupes": ["GP1", "GP3"]})",
            "GP1:registered,GP3:waitlisted"};
}

TEST(ResponseLists, RegistrantsAreNamedByTheFormsPersonalFields)
{
    const auto fields = registrantFields(registrationForm());
    EXPECT_EQ(fields.name, (std::vector<std::string>{"prenom", "nom"}));
    EXPECT_EQ(fields.structure, "structure");
    const auto r = registrantOf(registrant(), fields, test::shippedForms(), GroupScope{});
    EXPECT_EQ(r.name, "Ada Lovelace");
    EXPECT_EQ(r.structure, "Commune d'Essai");
    ASSERT_EQ(r.groups.size(), 2u);
    EXPECT_EQ(r.groups[0], "GP1 — Agenda de la transformation numérique des collectivités");
    EXPECT_EQ(r.groups[1], "GP3 — Accompagnement à la dématérialisation des demandes d'urbanisme (en liste d'attente)");
}

TEST(ResponseLists, AGroupPilotSeesOnlyTheirGroupsOfARegistrant)
{
    const auto r =
        registrantOf(registrant(), registrantFields(registrationForm()), test::shippedForms(), GroupScope{{"GP3"}});
    ASSERT_EQ(r.groups.size(), 1u);
    EXPECT_TRUE(r.groups[0].starts_with("GP3 — ")) << r.groups[0];
}

TEST(ResponseLists, BrokenAnswersGiveAnEmptyNameNotACrash)
{
    auto row = registrant();
    row.answers = "pas du JSON";
    row.registrations = "";
    const auto r = registrantOf(row, registrantFields(registrationForm()), test::shippedForms(), GroupScope{});
    EXPECT_EQ(r.name, "");
    EXPECT_TRUE(r.groups.empty());
}

TEST(ResponseLists, FreeTextIsLongTextsAndShortTextsThatAreNotPersonalFields)
{
    const auto& form = registrationForm();
    EXPECT_TRUE(isFreeText(*form.find("motivation")));
    EXPECT_FALSE(isFreeText(*form.find("nom")));  // autocomplete family-name: in the registrants' table
    EXPECT_FALSE(isFreeText(*form.find("email")));
    EXPECT_FALSE(isFreeText(*form.find("groupes")));
}

TEST(ResponseLists, PagesCountWholePagesAndOneForNothing)
{
    EXPECT_EQ(pageCount(0), 1u);
    EXPECT_EQ(pageCount(50), 1u);
    EXPECT_EQ(pageCount(51), 2u);
    EXPECT_EQ(pageCount(101, 50), 3u);
}

}  // namespace
}  // namespace tnt::reporting
