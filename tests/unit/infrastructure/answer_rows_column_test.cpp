#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "service/storage/answer_rows_column.h"

using tnt::domain::AnswerRow;
using namespace tnt::storage;

TEST(AnswerRowsColumn, KeepsOptionsAndNumbersAndLeavesTextsToTheAnswers)
{
    AnswerRow choice{"profil", "elu", std::nullopt, std::nullopt};
    AnswerRow scale{"note", "", 4.5, std::nullopt};
    AnswerRow text{"commentaire", "", std::nullopt, std::string("« merci » ; \"oui\"")};
    const auto encoded = encodeAnswerRows({choice, scale, text});
    EXPECT_EQ(encoded, R"([["profil","elu",null],["note","",4.5],["commentaire","",null]])");
    text.text.reset();
    EXPECT_EQ(decodeAnswerRows(encoded), (std::vector<AnswerRow>{choice, scale, text}));
}

TEST(AnswerRowsColumn, ReadsWhatTheMigrationWrote)
{
    // JSON_ARRAYAGG(JSON_ARRAY(...)) of schema/0005 writes spaces and integral doubles without ".0".
    const auto rows = decodeAnswerRows(R"([["recommandation", "", 9], ["rubriques_utilisees", "echeances", null]])");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].number, 9.0);
    EXPECT_EQ(rows[1].option_key, "echeances");
    EXPECT_TRUE(decodeAnswerRows("").empty());
    EXPECT_TRUE(decodeAnswerRows("[]").empty());
}

TEST(AnswerRowsColumn, RefusesWhatIsNotRows)
{
    EXPECT_THROW(decodeAnswerRows("{}"), std::runtime_error);
    EXPECT_THROW(decodeAnswerRows("[[1,2,3]]"), std::runtime_error);
    EXPECT_THROW(decodeAnswerRows(R"([["q","o"]])"), std::runtime_error);
    EXPECT_THROW(decodeAnswerRows("pas du json"), std::runtime_error);
}

TEST(AnswerRowsColumn, RawWalkGivesEachRowAndQuestionText)
{
    std::vector<std::pair<std::string, std::string>> seen;
    auto collect = [&seen](std::string_view row, std::string_view question) {
        seen.emplace_back(std::string(row), std::string(question));
    };
    // A key with the characters that delimit rows, escaped; the migration's spacing.
    forEachRawAnswerRow(R"([["a\"],[","o",null], ["note", "", 9],["a\"],[","p",null]])", collect);
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].first, R"(["a\"],[","o",null])");
    EXPECT_EQ(seen[0].second, R"("a\"],[")");
    EXPECT_EQ(seen[1].first, R"(["note", "", 9])");
    EXPECT_EQ(seen[1].second, R"("note")");
    EXPECT_EQ(decodeAnswerRows("[" + seen[0].first + "]")[0].question_key, "a\"],[");
    seen.clear();
    forEachRawAnswerRow("", collect);
    forEachRawAnswerRow(" [ ] ", collect);
    EXPECT_TRUE(seen.empty());
    EXPECT_THROW(forEachRawAnswerRow("[[\"q\",\"o\"", collect), std::runtime_error);
    EXPECT_THROW(forEachRawAnswerRow("[1]", collect), std::runtime_error);
    EXPECT_THROW(forEachRawAnswerRow("{}", collect), std::runtime_error);
    EXPECT_THROW(forEachRawAnswerRow("[[\"q\",\"o\",null] [\"r\",\"\",1]]", collect), std::runtime_error);
}
