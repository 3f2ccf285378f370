#include "exports/statistics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <nlohmann/json.hpp>
#include <random>

#include "exports/csv_reader.h"
#include "exports/stats_csv.h"

namespace tnt::exports {
namespace {

TEST(ChoiceStatistics, SingleChoiceSharesAreOfRespondents)
{
    const std::vector<OptionCount> counts{{"elu", "Élu·e", 3}, {"agent", "Agent", 1}};
    const auto s = computeChoiceStatistics(counts, 4, false);
    EXPECT_EQ(s.answers, 4u);
    ASSERT_EQ(s.options.size(), 2u);
    EXPECT_DOUBLE_EQ(s.options[0].percentOfRespondents, 75.0);
    EXPECT_DOUBLE_EQ(s.options[1].percentOfRespondents, 25.0);
    EXPECT_FALSE(s.options[0].percentOfAnswers);
}

TEST(ChoiceStatistics, MultipleChoiceHasSharesOfRespondentsAndOfAnswers)
{
    const std::vector<OptionCount> counts{{"gp1", "GP1", 3}, {"gp3", "GP3", 2}, {"gp5", "GP5", 1}};
    const auto s = computeChoiceStatistics(counts, 4, true);
    EXPECT_EQ(s.answers, 6u);
    EXPECT_DOUBLE_EQ(s.options[0].percentOfRespondents, 75.0);
    EXPECT_DOUBLE_EQ(s.options[1].percentOfRespondents, 50.0);
    EXPECT_DOUBLE_EQ(s.options[2].percentOfRespondents, 25.0);
    EXPECT_DOUBLE_EQ(*s.options[0].percentOfAnswers, 50.0);
    EXPECT_DOUBLE_EQ(*s.options[1].percentOfAnswers, 100.0 / 3);
    EXPECT_DOUBLE_EQ(*s.options[2].percentOfAnswers, 100.0 / 6);
}

TEST(ChoiceStatistics, NobodyGivesZeroPercentNotNan)
{
    const std::vector<OptionCount> counts{{"a", "A", 0}};
    const auto s = computeChoiceStatistics(counts, 0, true);
    EXPECT_EQ(s.options[0].percentOfRespondents, 0.0);
    EXPECT_EQ(*s.options[0].percentOfAnswers, 0.0);
}

TEST(DistributionStatistics, OddCountMedianIsTheMiddleValue)
{
    const std::vector<ValueCount> counts{{5, 1}, {1, 1}, {2, 1}};
    const auto s = computeDistributionStatistics(counts);
    EXPECT_EQ(s.n, 3u);
    EXPECT_DOUBLE_EQ(*s.mean, 8.0 / 3);
    EXPECT_DOUBLE_EQ(*s.median, 2.0);
    EXPECT_DOUBLE_EQ(*s.min, 1.0);
    EXPECT_DOUBLE_EQ(*s.max, 5.0);
}

TEST(DistributionStatistics, EvenCountMedianAveragesTheTwoMiddleValues)
{
    const std::vector<ValueCount> counts{{1, 2}, {3, 1}, {4, 1}};  // 1 1 3 4
    const auto s = computeDistributionStatistics(counts);
    EXPECT_DOUBLE_EQ(*s.median, 2.0);
    EXPECT_DOUBLE_EQ(*s.mean, 2.25);
}

TEST(DistributionStatistics, MergesDuplicatesSortsAndDropsZeroCounts)
{
    const std::vector<ValueCount> counts{{4, 1}, {1, 1}, {4, 2}, {2, 0}};  // 1 4 4 4
    const auto s = computeDistributionStatistics(counts);
    ASSERT_EQ(s.distribution.size(), 2u);
    EXPECT_EQ(s.distribution[0].value, 1.0);
    EXPECT_EQ(s.distribution[1].count, 3u);
    EXPECT_DOUBLE_EQ(*s.median, 4.0);
}

TEST(DistributionStatistics, EmptyHasNoFigures)
{
    const auto s = computeDistributionStatistics({});
    EXPECT_EQ(s.n, 0u);
    EXPECT_FALSE(s.mean || s.median || s.min || s.max);
    EXPECT_TRUE(toJson(s)["mean"].is_null());
}

TEST(DistributionStatistics, AgreesWithAComputationFromRawAnswers)
{
    std::mt19937 random(42);
    std::uniform_int_distribution<int> scale(1, 5);
    for (int size : {1, 2, 999, 1000}) {
        std::vector<double> answers;
        std::map<double, std::uint64_t> table;
        for (int i = 0; i < size; ++i) {
            answers.push_back(scale(random));
            ++table[answers.back()];
        }
        std::vector<ValueCount> counts;
        for (auto [value, count] : table) counts.push_back({value, count});
        const auto s = computeDistributionStatistics(counts);

        std::sort(answers.begin(), answers.end());
        const double median = answers.size() % 2 ? answers[answers.size() / 2]
                                                 : (answers[answers.size() / 2 - 1] + answers[answers.size() / 2]) / 2;
        EXPECT_EQ(s.n, answers.size());
        EXPECT_NEAR(*s.mean, std::accumulate(answers.begin(), answers.end(), 0.0) / size, 1e-12);
        EXPECT_EQ(*s.median, median);
        EXPECT_EQ(*s.min, answers.front());
        EXPECT_EQ(*s.max, answers.back());
    }
}

TEST(NpsStatistics, ScoreIsPromotersMinusDetractors)
{
    const std::vector<ValueCount> counts{{10, 3}, {9, 2}, {8, 2}, {7, 1}, {6, 1}, {0, 1}};
    const auto s = computeNpsStatistics(counts);
    EXPECT_EQ(s.promoters, 5u);
    EXPECT_EQ(s.passives, 3u);
    EXPECT_EQ(s.detractors, 2u);
    EXPECT_DOUBLE_EQ(*s.score, 30.0);
    EXPECT_EQ(*s.roundedScore, 30);
}

TEST(NpsStatistics, RoundsHalvesAwayFromZero)
{
    const std::vector<ValueCount> counts{{10, 1}, {0, 2}, {7, 5}};  // (1 − 2) / 8 = −12.5 %
    const auto s = computeNpsStatistics(counts);
    EXPECT_DOUBLE_EQ(*s.score, -12.5);
    EXPECT_EQ(*s.roundedScore, -13);
    const std::vector<ValueCount> third{{10, 1}, {8, 2}};  // 33.33…
    EXPECT_EQ(*computeNpsStatistics(third).roundedScore, 33);
}

TEST(NpsStatistics, RejectsValuesOutsideZeroToTen)
{
    EXPECT_THROW(computeNpsStatistics(std::vector<ValueCount>{{11, 1}}), std::invalid_argument);
    EXPECT_THROW(computeNpsStatistics(std::vector<ValueCount>{{7.5, 1}}), std::invalid_argument);
    EXPECT_FALSE(computeNpsStatistics({}).score);
}

TEST(StatisticsJson, CarriesTypesKeysAndFigures)
{
    const std::vector<OptionCount> counts{{"gp1", "GP1", 1}};
    const QuestionStatistics question{"groupes", "Groupes", computeChoiceStatistics(counts, 2, true)};
    const auto json = toJson(FormStatistics{2, {{"2021-12-08", 2}}, {question}});
    EXPECT_EQ(json["responses"], 2);
    EXPECT_EQ(json["responses_per_day"][0]["day"], "2021-12-08");
    EXPECT_EQ(json["questions"][0]["type"], "multiple_choice");
    EXPECT_EQ(json["questions"][0]["key"], "groupes");
    EXPECT_EQ(json["questions"][0]["options"][0]["percent_of_respondents"], 50.0);
    EXPECT_EQ(json["questions"][0]["options"][0]["percent_of_answers"], 100.0);
}

FormStatistics sampleStatistics()
{
    const std::vector<OptionCount> roles{{"elu", "Élu·e", 2}, {"agent", "Agent; autre", 1}};
    const std::vector<ValueCount> nps{{10, 1}, {0, 2}};
    return FormStatistics{
        3,
        {{"2021-12-07", 1}, {"2021-12-08", 2}},
        {{"role", "Rôle", computeChoiceStatistics(roles, 3, false)},
         {"nps", "=Recommanderiez-vous ?", computeNpsStatistics(nps)},
         {"avis", "Avis", TextStatistics{2}}},
    };
}

TEST(StatsCsv, Rfc4180BytesAreExact)
{
    std::string bytes;
    CsvWriter writer(CsvDialect::rfc4180(), [&](std::string_view chunk) { bytes.append(chunk); });
    statsToCsv(sampleStatistics(), writer);
    writer.flush();
    // Texts quoted, figures bare (rfc4180: decimal points, so no figure needs quotes).
    EXPECT_EQ(bytes,
              "\"question\",\"libellé\",\"mesure\",\"modalité\",\"effectif\",\"pourcentage\",\"pourcentage des "
              "réponses\",\"valeur\"\r\n"
              ",\"Réponses\",\"total\",,3,,,\r\n"
              ",\"Réponses par jour\",\"jour\",\"2021-12-07\",1,,,\r\n"
              ",\"Réponses par jour\",\"jour\",\"2021-12-08\",2,,,\r\n"
              "\"role\",\"Rôle\",\"répondants\",,3,,,\r\n"
              "\"role\",\"Rôle\",\"option\",\"Élu·e\",2,66.7,,\r\n"
              "\"role\",\"Rôle\",\"option\",\"Agent; autre\",1,33.3,,\r\n"
              "\"nps\",\"'=Recommanderiez-vous ?\",\"score NPS\",,,,,-33\r\n"
              "\"nps\",\"'=Recommanderiez-vous ?\",\"promoteurs (9-10)\",,1,33.3,,\r\n"
              "\"nps\",\"'=Recommanderiez-vous ?\",\"passifs (7-8)\",,0,0,,\r\n"
              "\"nps\",\"'=Recommanderiez-vous ?\",\"détracteurs (0-6)\",,2,66.7,,\r\n"
              "\"nps\",\"'=Recommanderiez-vous ?\",\"répondants\",,3,,,\r\n"
              "\"nps\",\"'=Recommanderiez-vous ?\",\"moyenne\",,,,,3.33\r\n"
              "\"nps\",\"'=Recommanderiez-vous ?\",\"médiane\",,,,,0\r\n"
              "\"nps\",\"'=Recommanderiez-vous ?\",\"minimum\",,,,,0\r\n"
              "\"nps\",\"'=Recommanderiez-vous ?\",\"maximum\",,,,,10\r\n"
              "\"nps\",\"'=Recommanderiez-vous ?\",\"distribution\",\"0\",2,66.7,,\r\n"
              "\"nps\",\"'=Recommanderiez-vous ?\",\"distribution\",\"10\",1,33.3,,\r\n"
              "\"avis\",\"Avis\",\"réponses non vides\",,2,,,\r\n");
}

TEST(StatsCsv, ExcelUsesDecimalCommasAndReadsBack)
{
    std::string bytes;
    CsvWriter writer(CsvDialect::excel(), [&](std::string_view chunk) { bytes.append(chunk); });
    statsToCsv(sampleStatistics(), writer);
    writer.flush();
    const auto records = CsvReader::fromString(bytes).readAll();
    ASSERT_EQ(records.size(), 19u);
    EXPECT_EQ(records[5].fields, (std::vector<std::string>{"role", "Rôle", "option", "Élu·e", "2", "66,7", "", ""}));
    EXPECT_EQ(records[6].fields[3], "Agent; autre");
    EXPECT_EQ(records[12].fields[7], "3,33");
}

}  // namespace
}  // namespace tnt::exports
