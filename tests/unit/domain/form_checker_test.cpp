// The form checker: each class of mistake is reported at the exact line and column, and all are collected.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/domain/form_loader.h"

namespace tnt::domain {
namespace {

using ::testing::HasSubstr;

// Lines 1–8; the questions appended start on line 9, so "      - key: a" has "key" at column 9 and its
// value at column 14.
const std::string header =
    "slug: essai\n"
    "title: Essai\n"
    "window:\n"
    "  opens_at: 2027-01-01\n"
    "  closes_at: 2027-12-31\n"
    "sections:\n"
    "  - title: Section\n"
    "    questions:\n";

std::vector<Diagnostic> check(const std::string& text, const GroupCatalogue* catalogue = nullptr)
{
    return loadFormText(text, "forms/essai.yaml", catalogue).diagnostics;
}

void expectSingle(const std::vector<Diagnostic>& diagnostics, int line, int column, const std::string& fragment)
{
    ASSERT_EQ(diagnostics.size(), 1u) << (diagnostics.empty() ? "no diagnostic" : [&] {
        std::string all;
        for (const auto& d : diagnostics) {
            all += formatDiagnostic(d) + "\n";
        }
        return all;
    }());
    EXPECT_EQ(diagnostics[0].file, "forms/essai.yaml");
    EXPECT_EQ(diagnostics[0].line, line) << diagnostics[0].message;
    EXPECT_EQ(diagnostics[0].column, column) << diagnostics[0].message;
    EXPECT_THAT(diagnostics[0].message, HasSubstr(fragment));
}

const std::string textQuestion =
    "      - key: a\n"
    "        type: short_text\n"
    "        label: A\n";

TEST(FormChecker, ValidFormHasNoDiagnosticAndAVersion)
{
    const FormLoad load = loadFormText(header + textQuestion, "forms/essai.yaml", nullptr);
    EXPECT_TRUE(load.diagnostics.empty());
    ASSERT_TRUE(load.form);
    EXPECT_EQ(load.form->version.size(), 64u);
}

TEST(FormChecker, UnknownKeyIsReportedAtTheKey)
{
    expectSingle(check(header + textQuestion + "        colour: red\n"), 12, 9, "clé inconnue « colour »");
}

TEST(FormChecker, DuplicateKeyIsReportedAtItsSecondOccurrence)
{
    expectSingle(check(header + textQuestion + "        label: B\n"), 12, 9, "« label » en double");
    EXPECT_THAT(check(header + textQuestion + "        label: B\n")[0].message, HasSubstr("ligne 11"));
}

TEST(FormChecker, DuplicateTopLevelKeyIsReported)
{
    expectSingle(check(header + textQuestion + "title: Encore\n"), 12, 1, "« title » en double");
}

TEST(FormChecker, UnknownTypeIsReportedAtTheType)
{
    expectSingle(check(header + "      - key: a\n"
                                "        type: shorttext\n"
                                "        label: A\n"),
                 10, 15, "type inconnu « shorttext »");
}

TEST(FormChecker, ChoiceWithoutOptionsIsReportedAtTheQuestion)
{
    expectSingle(check(header + "      - key: a\n"
                                "        type: single_choice\n"
                                "        label: A\n"),
                 9, 9, "n'a pas d'options");
}

TEST(FormChecker, DuplicateQuestionKeyIsReportedAtTheSecondKey)
{
    expectSingle(check(header + textQuestion + textQuestion), 12, 14, "déjà utilisée ligne 9");
}

TEST(FormChecker, DuplicateOptionKeyIsReportedAtTheSecondOption)
{
    expectSingle(check(header + "      - key: a\n"
                                "        type: single_choice\n"
                                "        label: A\n"
                                "        options:\n"
                                "          - key: x\n"
                                "            label: X\n"
                                "          - key: x\n"
                                "            label: Y\n"),
                 15, 18, "« x » est déjà utilisée ligne 13");
}

TEST(FormChecker, OptionNamedAutreClashesWithAllowOther)
{
    expectSingle(check(header + "      - key: a\n"
                                "        type: single_choice\n"
                                "        label: A\n"
                                "        allow_other: true\n"
                                "        options:\n"
                                "          - key: autre\n"
                                "            label: Autre\n"),
                 14, 18, "allow_other ajoute « autre »");
}

TEST(FormChecker, VisibleIfToAnUnknownQuestionIsReported)
{
    expectSingle(check(header + textQuestion +
                       "        visible_if:\n"
                       "          question: zz\n"
                       "          equals: oui\n"),
                 13, 21, "question inconnue « zz »");
}

TEST(FormChecker, VisibleIfToALaterQuestionIsReported)
{
    expectSingle(check(header + textQuestion +
                       "        visible_if:\n"
                       "          question: b\n"
                       "          equals: oui\n"
                       "      - key: b\n"
                       "        type: yes_no\n"
                       "        label: B\n"),
                 13, 21, "vient après cette question");
}

TEST(FormChecker, VisibleIfToItselfIsReported)
{
    expectSingle(check(header + textQuestion +
                       "        visible_if:\n"
                       "          question: a\n"
                       "          equals: oui\n"),
                 13, 21, "n'est pas avant cette question");
}

TEST(FormChecker, VisibleIfToAValueThatIsNotAnOptionIsReported)
{
    expectSingle(check(header + "      - key: a\n"
                                "        type: yes_no\n"
                                "        label: A\n"
                                "      - key: b\n"
                                "        type: short_text\n"
                                "        label: B\n"
                                "        visible_if:\n"
                                "          question: a\n"
                                "          equals: [oui, peutetre]\n"),
                 17, 25, "« peutetre » n'est pas une option de « a »");
}

TEST(FormChecker, VisibleIfToATextQuestionIsReported)
{
    expectSingle(check(header + textQuestion +
                       "      - key: b\n"
                       "        type: short_text\n"
                       "        label: B\n"
                       "        visible_if:\n"
                       "          question: a\n"
                       "          equals: x\n"),
                 16, 21, "question à choix");
}

TEST(FormChecker, WindowEndingBeforeItStartsIsReportedAtClosesAt)
{
    expectSingle(check("slug: essai\n"
                       "title: Essai\n"
                       "window:\n"
                       "  opens_at: 2027-12-31\n"
                       "  closes_at: 2027-01-01\n"
                       "sections:\n"
                       "  - title: Section\n"
                       "    questions:\n" +
                       textQuestion),
                 5, 14, "avant de s'ouvrir");
}

TEST(FormChecker, ImpossibleDateIsReportedAtTheDate)
{
    expectSingle(check("slug: essai\n"
                       "title: Essai\n"
                       "window:\n"
                       "  opens_at: 2021-02-30\n"
                       "  closes_at: 2027-01-01\n"
                       "sections:\n"
                       "  - title: Section\n"
                       "    questions:\n" +
                       textQuestion),
                 4, 13, "la date « 2021-02-30 » n'existe pas");
}

TEST(FormChecker, LocalTimeSkippedBySummerTimeIsReported)
{
    expectSingle(check("slug: essai\n"
                       "title: Essai\n"
                       "window:\n"
                       "  opens_at: \"2027-03-28 02:30\"\n"
                       "sections:\n"
                       "  - title: Section\n"
                       "    questions:\n" +
                       textQuestion),
                 4, 13, "heure d'été");
}

TEST(FormChecker, UniqueByNamingAnUnknownQuestionIsReportedAtTheName)
{
    expectSingle(check(header + textQuestion + "unique_by: [a, zz]\n"), 12, 16,
                 "unique_by nomme la question inconnue « zz »");
}

TEST(FormChecker, OptionsFromGroupsWithoutCatalogueIsReported)
{
    const std::string text = header +
                             "      - key: g\n"
                             "        type: multiple_choice\n"
                             "        label: G\n"
                             "        options_from: groups\n";
    expectSingle(check(text), 12, 23, "catalogue des groupes");

    GroupCatalogue catalogue;
    catalogue.groups.push_back(Group{"GP1", "Agenda", "Objectif", {"DINUM"}, std::nullopt, std::nullopt, {}});
    const FormLoad load = loadFormText(text, "forms/essai.yaml", &catalogue);
    ASSERT_TRUE(load.form);
    ASSERT_EQ(load.form->questions[0].options.size(), 1u);
    EXPECT_EQ(load.form->questions[0].options[0].key, "GP1");
    EXPECT_EQ(load.form->questions[0].options[0].label, "Agenda");
}

TEST(FormChecker, KeyThatDoesNotApplyToTheTypeIsReported)
{
    expectSingle(check(header + textQuestion + "        min: 3\n"), 12, 14, "ne s'applique pas au type short_text");
}

// autocomplete (issue 13, item 7): a token the type can take, reported at the value otherwise.
TEST(FormChecker, AutocompleteTokenIsKeptAndTypeDefaultsApply)
{
    const auto load = loadFormText(header + textQuestion + "        autocomplete: given-name\n" +
                                       "      - {key: b, type: email, label: B}\n"
                                       "      - {key: c, type: phone, label: C, autocomplete: \"off\"}\n",
                                   "forms/essai.yaml", nullptr);
    ASSERT_TRUE(load.form) << formatDiagnostic(load.diagnostics.at(0));
    EXPECT_EQ(load.form->questions[0].autocompleteToken(), "given-name");
    EXPECT_EQ(load.form->questions[1].autocompleteToken(), "email");
    EXPECT_EQ(load.form->questions[2].autocompleteToken(), "off");
    EXPECT_EQ(load.form->questions[0].toJson()["autocomplete"], "given-name");
    EXPECT_FALSE(load.form->questions[1].toJson().contains("autocomplete"));
}

TEST(FormChecker, UnknownAutocompleteTokenIsReportedAtTheValueWithThePossibleOnes)
{
    expectSingle(check(header + textQuestion + "        autocomplete: nickname\n"), 12, 23,
                 "autocomplete « nickname » inconnu pour le type short_text (valeurs possibles : name, given-name, "
                 "family-name, organization, organization-title, off)");
}

TEST(FormChecker, AutocompleteThatDoesNotFitTheTypeIsReported)
{
    expectSingle(check(header + "      - {key: a, type: email, label: A, autocomplete: tel}\n"), 9, 55,
                 "autocomplete « tel » inconnu pour le type email (valeurs possibles : email, off)");
    expectSingle(check(header + "      - {key: a, type: long_text, label: A, autocomplete: name}\n"), 9, 59,
                 "« autocomplete » ne s'applique pas au type long_text");
}

TEST(FormChecker, MissingLabelIsReportedAtTheQuestion)
{
    expectSingle(check(header + "      - key: a\n"
                                "        type: short_text\n"),
                 9, 9, "« label » obligatoire manquante");
}

TEST(FormChecker, SlugMustBeTheFileName)
{
    const auto diagnostics = loadFormText(header + textQuestion, "forms/autre.yaml", nullptr).diagnostics;
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(diagnostics[0].line, 1);
    EXPECT_EQ(diagnostics[0].column, 7);
    EXPECT_THAT(diagnostics[0].message, HasSubstr("nom du fichier"));
}

TEST(FormChecker, YamlSyntaxErrorIsLocated)
{
    const auto diagnostics = check("slug: essai\ntitle: [Essai\nwindow: {}\n");
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_THAT(diagnostics[0].message, HasSubstr("YAML invalide"));
    EXPECT_GE(diagnostics[0].line, 2);
}

TEST(FormChecker, EveryMistakeIsReportedNotOnlyTheFirst)
{
    const auto diagnostics = check(header +
                                   "      - key: a\n"
                                   "        type: texte\n"
                                   "        label: A\n"
                                   "      - key: b\n"
                                   "        type: short_text\n"
                                   "        label: B\n"
                                   "        colour: red\n"
                                   "unique_by: [zz]\n");
    ASSERT_EQ(diagnostics.size(), 3u);
    EXPECT_EQ(diagnostics[0].line, 10);
    EXPECT_EQ(diagnostics[1].line, 15);
    EXPECT_EQ(diagnostics[2].line, 16);
}

TEST(FormChecker, DiagnosticIsFormattedLikeACompilerMessage)
{
    EXPECT_EQ(formatDiagnostic(Diagnostic{"forms/essai.yaml", 12, 9, "clé inconnue"}),
              "forms/essai.yaml:12:9: clé inconnue");
}

TEST(GroupCatalogueChecker, DuplicateCodeAndBadValuesAreReported)
{
    const auto load = loadGroupCatalogueText(
        "groups:\n"
        "  - code: GP1\n"
        "    name: Agenda\n"
        "    objective: Construire l'agenda\n"
        "  - code: GP1\n"
        "    name: Autre\n"
        "    objective: Autre chose\n"
        "    capacity: -3\n"
        "    registration_deadline: 2027-02-30\n",
        "forms/groups.yaml");
    EXPECT_FALSE(load.catalogue);
    ASSERT_EQ(load.diagnostics.size(), 3u);
    EXPECT_EQ(formatDiagnostic(load.diagnostics[0]),
              "forms/groups.yaml:5:11: le code de groupe « GP1 » est déjà utilisé ligne 2");
    EXPECT_EQ(load.diagnostics[1].line, 8);
    EXPECT_EQ(load.diagnostics[1].column, 15);
    EXPECT_EQ(load.diagnostics[2].line, 9);
    EXPECT_EQ(load.diagnostics[2].column, 28);
}

TEST(GroupCatalogueChecker, DeadlineIsInclusiveOfItsLastSecond)
{
    const auto load = loadGroupCatalogueText(
        "groups:\n"
        "  - code: GP5\n"
        "    name: Cybersécurité\n"
        "    objective: Sécuriser\n"
        "    capacity: 10\n"
        "    registration_deadline: 2027-06-30\n",
        "forms/groups.yaml");
    ASSERT_TRUE(load.catalogue);
    const Group* group = load.catalogue->find("GP5");
    ASSERT_NE(group, nullptr);
    EXPECT_EQ(group->capacity, 10);
    const TimePoint last = *group->registration_deadline;
    EXPECT_EQ(formatIsoUtc(last), "2027-06-30T21:59:59Z");
    EXPECT_TRUE(group->acceptsRegistrationAt(last + std::chrono::microseconds{999999}));
    EXPECT_FALSE(group->acceptsRegistrationAt(last + std::chrono::seconds{1}));
}

TEST(GroupCatalogueChecker, MeetingsAreReadInParisTimeAndCheckedAtTheirLine)
{
    const auto load = loadGroupCatalogueText(
        "groups:\n"
        "  - code: GP1\n"
        "    name: Agenda\n"
        "    objective: Construire l'agenda\n"
        "    meetings:\n"
        "      - starts_at: 2027-01-14 10:00\n"
        "        place: ANCT, Paris\n"
        "      - starts_at: 2027-06-10 14:30\n"
        "        duration_minutes: 90\n"
        "        video: https://webinaire.example.test/gp1\n",
        "forms/groups.yaml");
    ASSERT_TRUE(load.catalogue) << (load.diagnostics.empty() ? "" : load.diagnostics[0].message);
    const auto& meetings = load.catalogue->find("GP1")->meetings;
    ASSERT_EQ(meetings.size(), 2u);
    EXPECT_EQ(formatIsoUtc(meetings[0].starts_at), "2027-01-14T09:00:00Z");  // CET
    EXPECT_EQ(meetings[0].duration_minutes, 120);
    EXPECT_EQ(meetings[0].place, "ANCT, Paris");
    EXPECT_EQ(formatIsoUtc(meetings[1].starts_at), "2027-06-10T12:30:00Z");  // CEST
    EXPECT_EQ(meetings[1].duration_minutes, 90);
    EXPECT_EQ(meetings[1].video_url, "https://webinaire.example.test/gp1");
    EXPECT_EQ(meetings[0].uid("GP1"), "GP1-20270114T090000Z@tnt-forms");

    const auto bad = loadGroupCatalogueText(
        "groups:\n"
        "  - code: GP1\n"
        "    name: Agenda\n"
        "    objective: Construire l'agenda\n"
        "    meetings:\n"
        "      - starts_at: 2027-01-14\n"
        "        place: ANCT\n"
        "      - starts_at: 2027-01-15 10:00\n"
        "        video: http://en-clair.example.test\n"
        "      - starts_at: 2027-01-16 10:00\n"
        "        duration_minutes: 0\n",
        "forms/groups.yaml");
    EXPECT_FALSE(bad.catalogue);
    ASSERT_EQ(bad.diagnostics.size(), 4u);
    EXPECT_EQ(bad.diagnostics[0].line, 6);
    EXPECT_THAT(bad.diagnostics[0].message, HasSubstr("l'heure"));
    EXPECT_EQ(bad.diagnostics[1].line, 9);
    EXPECT_THAT(bad.diagnostics[1].message, HasSubstr("https://"));
    EXPECT_THAT(bad.diagnostics[2].message, HasSubstr("duration_minutes"));
    EXPECT_THAT(bad.diagnostics[3].message, HasSubstr("un lieu (place) ou un lien"));
}

TEST(GroupAvailability, SaysPlacesLeftFullOrClosedAsTheFormShowsIt)
{
    Group group{"GP5", "Cybersécurité", "Sécuriser", {}, 10, std::nullopt, {}};
    const TimePoint now = std::chrono::sys_days{std::chrono::December / 2 / 2026};
    EXPECT_EQ(GroupAvailability::of(group, 3, now).describe(), "7 places restantes");
    EXPECT_EQ(GroupAvailability::of(group, 9, now).describe(), "1 place restante");
    const auto full = GroupAvailability::of(group, 12, now);  // more than the capacity: never negative
    EXPECT_EQ(full.state, GroupAvailability::State::full);
    EXPECT_EQ(*full.places_left, 0);
    EXPECT_EQ(full.describe(), "Complet");
    EXPECT_FALSE(full.selectable());
    EXPECT_EQ(GroupAvailability::of(group, std::nullopt, now).describe(), "") << "count unknown: no figure";
    group.registration_deadline = parseParisLocalTime("2027-06-30", DayBoundary::end_of_day).value;
    EXPECT_EQ(GroupAvailability::of(group, 3, now).describe(),
              "7 places restantes · inscriptions jusqu'au 30 juin 2027 à 23 h 59");
    const auto closed = GroupAvailability::of(group, 3, *group.registration_deadline + std::chrono::seconds(1));
    EXPECT_EQ(closed.state, GroupAvailability::State::closed);
    EXPECT_EQ(closed.stateName(), "closed");
    EXPECT_EQ(closed.describe(), "Inscriptions closes depuis le 30 juin 2027 à 23 h 59");
    group.capacity.reset();
    EXPECT_EQ(GroupAvailability::of(group, 3, now).describe(), "Inscriptions jusqu'au 30 juin 2027 à 23 h 59");
}

TEST(GroupAvailability, AFullGroupWithAWaitlistStaysSelectableAndPeopleWaitingGoFirst)
{
    Group group{"GP3", "Urbanisme", "Dématérialiser", {}, 10, std::nullopt, {}};
    group.waitlist = true;
    const TimePoint now = std::chrono::sys_days{std::chrono::December / 2 / 2026};
    const auto full = GroupAvailability::of(group, GroupCounts(10, 3), now);
    EXPECT_EQ(full.state, GroupAvailability::State::waitlist);
    EXPECT_EQ(full.stateName(), "waitlist");
    EXPECT_TRUE(full.selectable());
    EXPECT_EQ(full.waitlist_length, 3);
    EXPECT_EQ(full.describe(), "Complet — liste d'attente (3 personnes inscrites)");
    // A place freed while people wait is theirs: the group still shows its list, not « 1 place restante ».
    const auto freed = GroupAvailability::of(group, GroupCounts(9, 1), now);
    EXPECT_EQ(freed.state, GroupAvailability::State::waitlist);
    EXPECT_EQ(freed.describe(), "Complet — liste d'attente (1 personne inscrite)");
    EXPECT_EQ(GroupAvailability::of(group, GroupCounts(4, 0), now).state, GroupAvailability::State::open);
    group.waitlist = false;
    EXPECT_EQ(GroupAvailability::of(group, GroupCounts(10, 0), now).state, GroupAvailability::State::full);
}

TEST(GroupCatalogue, AWaitlistIsOnByDefaultWithACapacityAndItsOfferDelayIsChecked)
{
    const auto load = loadGroupCatalogueText(
        "groups:\n"
        "  - {code: A, name: A, objective: a, capacity: 5}\n"
        "  - {code: B, name: B, objective: b, capacity: 5, waitlist: false}\n"
        "  - {code: C, name: C, objective: c, capacity: 5, offer_hours: 24}\n"
        "  - {code: D, name: D, objective: d}\n",
        "groups.yaml");
    ASSERT_TRUE(load.catalogue) << (load.diagnostics.empty() ? "" : load.diagnostics[0].message);
    EXPECT_TRUE(load.catalogue->groups[0].waitlist);
    EXPECT_EQ(load.catalogue->groups[0].offer_hours, 48);
    EXPECT_FALSE(load.catalogue->groups[1].waitlist);
    EXPECT_EQ(load.catalogue->groups[2].offer_hours, 24);
    EXPECT_FALSE(load.catalogue->groups[3].waitlist) << "no capacity, nothing to wait for";

    const auto bad = loadGroupCatalogueText(
        "groups:\n"
        "  - {code: A, name: A, objective: a, waitlist: true}\n"
        "  - {code: B, name: B, objective: b, capacity: 5, offer_hours: 0}\n",
        "groups.yaml");
    ASSERT_EQ(bad.diagnostics.size(), 2u);
    EXPECT_THAT(bad.diagnostics[0].message, HasSubstr("capacité"));
    EXPECT_THAT(bad.diagnostics[1].message, HasSubstr("entre 1 et 720"));
}

TEST(FormChecker, EmailCopyNamesAnEmailQuestionAndAConsentQuestion)
{
    const std::string questions =
        "      - key: email\n"
        "        type: email\n"
        "        label: Adresse\n"
        "      - key: copie\n"
        "        type: consent\n"
        "        label: Copie\n";
    const auto good =
        loadFormText(header + questions + "email_copy:\n  to: email\n  consent: copie\n", "forms/essai.yaml", nullptr);
    ASSERT_TRUE(good.form);
    ASSERT_TRUE(good.form->email_copy);
    EXPECT_EQ(good.form->email_copy->to, "email");
    EXPECT_EQ(good.form->email_copy->consent, "copie");
    EXPECT_EQ(good.form->canonicalJson()["email_copy"]["consent"], "copie");

    const auto without = loadFormText(header + questions, "forms/essai.yaml", nullptr);
    ASSERT_TRUE(without.form);
    EXPECT_FALSE(without.form->canonicalJson().contains("email_copy"));  // older forms keep their versions

    const auto diagnostics = check(header + questions + "email_copy:\n  to: copie\n  consent: email\n");
    ASSERT_EQ(diagnostics.size(), 2u);
    EXPECT_EQ(diagnostics[0].line, 16);
    EXPECT_THAT(diagnostics[0].message, HasSubstr("type email"));
    EXPECT_EQ(diagnostics[1].line, 17);
    EXPECT_THAT(diagnostics[1].message, HasSubstr("type consent"));
}

}  // namespace
}  // namespace tnt::domain
