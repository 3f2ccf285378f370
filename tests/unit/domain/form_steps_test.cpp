// The steps of a form's page (domain/form_steps.h): which answers a step owns, how a step's answers replace
// its own in a draft, which errors it shows, where "Suivant" and "Précédent" lead when visible_if hides a
// whole step, and when a draft lapses.
#include <gtest/gtest.h>

#include "service/domain/answer_validation.h"
#include "service/domain/form_loader.h"
#include "service/domain/form_steps.h"

namespace tnt::domain {
namespace {

using nlohmann::json;

const char* const steps_yaml = R"(slug: etapes
title: Étapes
window:
  opens_at: 2020-01-01
  closes_at: 2030-06-30
sections:
  - title: Vous
    questions:
      - key: role
        type: single_choice
        label: Rôle
        required: true
        allow_other: true
        options: [{key: elu, label: Élu}, {key: agent, label: Agent}]
      - {key: courriel, type: email, label: Courriel}
  - title: Mandat
    questions:
      - {key: mandat, type: short_text, label: Mandat, required: true, visible_if: {question: role, equals: elu}}
  - title: Avis
    questions:
      - {key: note, type: scale, label: Note, required: true}
      - {key: satisfait, type: yes_no, label: Satisfait}
      - {key: detail, type: short_text, label: Détail, visible_if: {question: role, equals: elu}}
      - {key: precision, type: short_text, label: Précision, visible_if: {question: satisfait, equals: non}}
)";

Form stepsForm(const std::string& extra = "")
{
    auto load = loadFormText(std::string(steps_yaml) + extra, "etapes.yaml", nullptr);
    if (!load.form) {
        ADD_FAILURE() << formatDiagnostic(load.diagnostics.at(0));
        return Form{};
    }
    return *load.form;
}

TEST(FormSteps, EachSectionIsAStepUnlessTheFormKeepsASinglePage)
{
    EXPECT_EQ(stepsForm().stepCount(), 3u);
    const auto single = stepsForm("single_page: true\n");
    EXPECT_EQ(single.stepCount(), 1u);
    EXPECT_TRUE(belongsToStep(single, 0, "note"));
    // The key is part of the version only when set: the forms without it keep theirs.
    EXPECT_NE(single.version, stepsForm().version);
    EXPECT_FALSE(stepsForm().canonicalJson().contains("single_page"));
}

TEST(FormSteps, AStepOwnsItsQuestionsAndTheirOtherTexts)
{
    const auto form = stepsForm();
    EXPECT_TRUE(belongsToStep(form, 0, "role"));
    EXPECT_TRUE(belongsToStep(form, 0, "role.autre"));
    EXPECT_FALSE(belongsToStep(form, 0, "note"));
    EXPECT_TRUE(belongsToStep(form, 2, "note"));
    EXPECT_FALSE(belongsToStep(form, 3, "note"));
    EXPECT_FALSE(belongsToStep(form, 0, "inconnue"));
}

TEST(FormSteps, AStepsAnswersReplaceItsOwnAndKeepTheOthers)
{
    const auto form = stepsForm();
    const json draft{{"role", "autre"}, {"role.autre", "DGS"}, {"courriel", "a@b.fr"}, {"note", 3}};
    // Step 1 posted again without the e-mail: cleared there; step 3's note kept; a key of another step ignored.
    const auto merged = mergeStepAnswers(form, 0, draft, json{{"role", "elu"}, {"note", 1}});
    EXPECT_EQ(merged, json({{"role", "elu"}, {"note", 3}}));
    EXPECT_EQ(mergeStepAnswers(form, 1, json(nullptr), json{{"mandat", "Maire"}}), json({{"mandat", "Maire"}}));
}

TEST(FormSteps, AStepShowsOnlyItsOwnErrors)
{
    const auto form = stepsForm();
    const auto checked = validateAnswers(form, json{{"courriel", "pas une adresse"}});
    ASSERT_FALSE(checked.ok());
    const auto first = stepErrors(form, 0, checked.errors);
    EXPECT_EQ(first.size(), 2u);  // role required, courriel invalid
    EXPECT_TRUE(first.count("courriel"));
    EXPECT_TRUE(stepErrors(form, 1, checked.errors).empty());  // hidden: role is not elu
    EXPECT_EQ(stepErrors(form, 2, checked.errors).count("note"), 1u);
    EXPECT_EQ(firstStepWithError(form, checked.errors), 0u);
    EXPECT_EQ(firstStepWithError(form, {{"note", "x"}}), 2u);
    EXPECT_EQ(firstStepWithError(form, {{"answers", "x"}}), std::nullopt);
}

TEST(FormSteps, AStepThatVisibleIfHidesWhollyIsSkippedBothWays)
{
    const auto form = stepsForm();
    const json agent{{"role", "agent"}};
    EXPECT_EQ(nextStep(form, 0, agent), 2u);
    EXPECT_EQ(previousStep(form, 2, agent), 0u);
    const json elu{{"role", "elu"}};
    EXPECT_EQ(nextStep(form, 0, elu), 1u);
    EXPECT_EQ(previousStep(form, 2, elu), 1u);
    EXPECT_EQ(nextStep(form, 2, elu), 3u);  // past the last: ready to send
    EXPECT_TRUE(isLastStep(form, 2, elu));
    EXPECT_FALSE(isLastStep(form, 0, elu));
    EXPECT_EQ(previousStep(form, 0, elu), 0u);
}

TEST(FormSteps, AQuestionHiddenFromAnotherStepIsLeftOutButOneFromTheSameStepStays)
{
    const auto form = stepsForm();
    // detail depends on step 1's role: left out for an agent; precision depends on the note of its own
    // step: shown with its condition, as on a single page.
    EXPECT_EQ(hiddenOnStep(form, 2, json{{"role", "agent"}}), std::set<std::string>{"detail"});
    EXPECT_TRUE(hiddenOnStep(form, 2, json{{"role", "elu"}}).empty());
}

TEST(FormSteps, ADraftLapsesWhenTheFormClosesAtMostItsRetentionAfterItsLastChange)
{
    auto form = stepsForm();
    const auto now = TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}};
    // No retention: a year, here before the closing.
    EXPECT_EQ(draftExpiry(form, now), now + std::chrono::hours(24 * 365));
    form.retention_days = 10;
    EXPECT_EQ(draftExpiry(form, now), now + std::chrono::hours(24 * 10));
    // Near the closing: the first instant answers are refused (23:59:59 Paris, + 1 s).
    const auto late = TimePoint{std::chrono::sys_days{std::chrono::year{2030} / 6 / 28}};
    EXPECT_EQ(draftExpiry(form, late), *form.window.refusesFrom());
    // Told as the announced closing, 30 June 2030 at 23:59:59 Paris (21:59:59 UTC), not the grace's end.
    form.window.grace = std::chrono::minutes(15);
    const auto announced = announcedDraftExpiry(form, draftExpiry(form, late));
    EXPECT_EQ(announced, TimePoint{std::chrono::sys_days{std::chrono::year{2030} / 6 / 30}} + std::chrono::hours(21) +
                             std::chrono::minutes(59) + std::chrono::seconds(59));
    EXPECT_EQ(announcedDraftExpiry(form, late), late);
}

}  // namespace
}  // namespace tnt::domain
