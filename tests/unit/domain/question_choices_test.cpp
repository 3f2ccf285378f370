// Question::choices(): the one list of (key, label) a question offers, its built-in choices included, that
// pages, statistics, exports and the importer read.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "service/domain/question.h"

namespace tnt::domain {
namespace {

using KeysAndLabels = std::vector<std::pair<std::string, std::string>>;

KeysAndLabels choicesOf(const Question& q)
{
    KeysAndLabels out;
    for (const auto& choice : q.choices()) out.emplace_back(choice.key, choice.label);
    return out;
}

Question ofType(QuestionType type)
{
    Question q;
    q.key = "q";
    q.type = type;
    return q;
}

TEST(QuestionChoices, YesNoOffersOuiThenNon)
{
    EXPECT_EQ(choicesOf(ofType(QuestionType::yes_no)), (KeysAndLabels{{"oui", "Oui"}, {"non", "Non"}}));
}

TEST(QuestionChoices, ConsentOffersOui)
{
    EXPECT_EQ(choicesOf(ofType(QuestionType::consent)), (KeysAndLabels{{"oui", "Oui"}}));
}

TEST(QuestionChoices, OptionsThenAutreWhenAllowed)
{
    Question q = ofType(QuestionType::multiple_choice);
    q.options = {{"a", "Premier", "détail"}, {"b", "Second", ""}};
    EXPECT_EQ(choicesOf(q), (KeysAndLabels{{"a", "Premier"}, {"b", "Second"}}));
    EXPECT_EQ(q.choices().front().help, "détail");

    q.allow_other = true;
    EXPECT_EQ(choicesOf(q), (KeysAndLabels{{"a", "Premier"}, {"b", "Second"}, {"autre", "Autre"}}));
    q.other_label = "Autre fonction";
    EXPECT_EQ(choicesOf(q).back(), (std::pair<std::string, std::string>{"autre", "Autre fonction"}));
    q.other_label.clear();
    EXPECT_EQ(choicesOf(q).back(), (std::pair<std::string, std::string>{"autre", "Autre"}));
}

TEST(QuestionChoices, AutreAlreadyListedIsNotAddedTwice)
{
    // An older stored definition may list it; the loader refuses it beside allow_other today.
    Question q = ofType(QuestionType::single_choice);
    q.options = {{"a", "Premier", ""}, {"autre", "Autre chose", ""}};
    q.allow_other = true;
    EXPECT_EQ(choicesOf(q), (KeysAndLabels{{"a", "Premier"}, {"autre", "Autre chose"}}));
}

TEST(QuestionChoices, OtherTypesOfferNone)
{
    for (const auto type : {QuestionType::short_text, QuestionType::number, QuestionType::scale, QuestionType::nps,
                            QuestionType::departement, QuestionType::date}) {
        EXPECT_TRUE(ofType(type).choices().empty()) << toString(type);
        EXPECT_EQ(hasOptionKeys(type), false) << toString(type);
    }
}

TEST(QuestionChoices, AcceptedKeysAreTheChoicesKeys)
{
    Question q = ofType(QuestionType::single_choice);
    q.options = {{"a", "Premier", ""}};
    q.allow_other = true;
    EXPECT_EQ(q.acceptedOptionKeys(), (std::vector<std::string>{"a", "autre"}));
    EXPECT_EQ(ofType(QuestionType::yes_no).acceptedOptionKeys(), (std::vector<std::string>{"oui", "non"}));
    EXPECT_EQ(ofType(QuestionType::consent).acceptedOptionKeys(), (std::vector<std::string>{"oui"}));
}

}  // namespace
}  // namespace tnt::domain
