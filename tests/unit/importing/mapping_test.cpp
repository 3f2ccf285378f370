// Mapping files: what they say, what is refused before any row is read, and suggestions from headers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/importing/import_mapping.h"
#include "service/importing/mapping_suggestion.h"
#include "tests/unit/importing/test_form.h"

namespace tnt::importing {
namespace {

using test::testForm;
using ::testing::HasSubstr;

const char* const mapping_yaml = R"(
submitted_at: {column: "Date de soumission", format: "%d/%m/%Y %H:%M"}
columns:
  "Vos prénom et nom": nom
  "Adresse électronique": email
  "Apports": {question: apports, separator: ","}
  "Autre apport": apports.autre
ignore: ["N°", "Adresse IP"]
values:
  aise:
    "Bof": peu_aise
)";

const std::vector<std::string> header{
    "N°", "Date de soumission", "Adresse IP", "Vos prénom et nom", "Adresse électronique", "Apports", "Autre apport"};

TEST(ImportMapping, ParsesEveryKey)
{
    const auto m = parseImportMapping(mapping_yaml);
    EXPECT_EQ(m.submitted_at.column, "Date de soumission");
    EXPECT_EQ(m.submitted_at.format, "%d/%m/%Y %H:%M");
    EXPECT_EQ(m.columns.at("Vos prénom et nom").question, "nom");
    EXPECT_EQ(m.columns.at("Apports").separator, ",");
    EXPECT_EQ(m.columns.at("Autre apport").question, "apports.autre");
    EXPECT_EQ(m.ignore, (std::vector<std::string>{"N°", "Adresse IP"}));
    EXPECT_EQ(m.values.at("aise").at("Bof"), "peu_aise");
    EXPECT_THAT(checkMapping(m, testForm(), header), ::testing::IsEmpty());
}

TEST(ImportMapping, SubmittedAtMayBeAColumnName)
{
    EXPECT_EQ(parseImportMapping("submitted_at: Created\n").submitted_at.column, "Created");
}

TEST(ImportMapping, RefusesUnknownKeysAndMissingTime)
{
    EXPECT_THROW(parseImportMapping("columns: {a: nom}\n"), MappingError);
    EXPECT_THROW(parseImportMapping("submitted_at: Date\ncolums: {a: nom}\n"), MappingError);
    EXPECT_THROW(parseImportMapping("submitted_at: Date\ncolumns: {a: {question: nom, sep: x}}\n"), MappingError);
    EXPECT_THROW(parseImportMapping("submitted_at: [\n"), MappingError);
    try {
        parseImportMapping("submitted_at: Date\ncolums: {}\n");
    } catch (const MappingError& e) {
        EXPECT_THAT(e.what(), HasSubstr("clé inconnue « colums »"));
    }
}

TEST(ImportMapping, EveryProblemIsReportedBeforeImporting)
{
    auto m = parseImportMapping(mapping_yaml);
    m.columns["Colonne absente"] = {"nom", ""};
    m.columns["Rôle"] = {"inconnue", ""};
    m.values["aise"]["Trop"] = "pas_une_option";
    auto h = header;
    h.push_back("Rôle");
    h.push_back("Oubliée");
    const auto problems = checkMapping(m, testForm(), h);
    EXPECT_THAT(problems, ::testing::Contains(HasSubstr("pas de colonne « Colonne absente »")));
    EXPECT_THAT(problems, ::testing::Contains(HasSubstr("pas de question « inconnue »")));
    EXPECT_THAT(problems,
                ::testing::Contains(HasSubstr("« Oubliée » du fichier n'est ni dans columns ni dans ignore")));
    EXPECT_THAT(problems, ::testing::Contains(HasSubstr("« pas_une_option » n'est pas une option")));
    EXPECT_THAT(problems, ::testing::Contains(HasSubstr("la question « nom » reçoit deux colonnes")));
}

TEST(ImportMapping, FormattedYamlReadsBack)
{
    const auto m = parseImportMapping(mapping_yaml);
    const auto again = parseImportMapping(formatMappingYaml(m, header, {{"Apports", "multiple_choice"}}));
    EXPECT_EQ(again.submitted_at.column, m.submitted_at.column);
    EXPECT_EQ(again.submitted_at.format, m.submitted_at.format);
    EXPECT_EQ(again.columns.size(), m.columns.size());
    EXPECT_EQ(again.columns.at("Apports").separator, ",");
    EXPECT_EQ(again.ignore, m.ignore);
    EXPECT_EQ(again.values, m.values);
}

TEST(MappingSuggestion, MatchesLabelsWhateverTheirAccentsAndTheTimeColumn)
{
    const std::vector<std::string> h{"Serial", "Submitted",  "VOS PRENOM ET NOM",    "Adresse electronique",
                                     "Rôle",   "Rôle Autre", "Etes-vous a l'aise ?", "Adresse IP"};
    const auto s = suggestMapping(testForm(), h);
    EXPECT_EQ(s.mapping.submitted_at.column, "Submitted");
    EXPECT_EQ(s.mapping.columns.at("VOS PRENOM ET NOM").question, "nom");
    EXPECT_EQ(s.mapping.columns.at("Adresse electronique").question, "email");
    EXPECT_EQ(s.mapping.columns.at("Etes-vous a l'aise ?").question, "aise");
    EXPECT_EQ(s.mapping.columns.at("Rôle").question, "role");
    EXPECT_EQ(s.mapping.columns.at("Rôle Autre").question, "role.autre");
    EXPECT_EQ(s.mapping.ignore, (std::vector<std::string>{"Serial", "Adresse IP"}));
    EXPECT_THAT(s.unmatched_questions, ::testing::Contains("budget"));
    // What is printed is a mapping that reads back and passes the checks.
    const auto yaml = formatMappingYaml(s.mapping, h, s.comments);
    EXPECT_THAT(checkMapping(parseImportMapping(yaml), testForm(), h), ::testing::IsEmpty()) << yaml;
}

TEST(MappingSuggestion, AirtableCreatedColumn)
{
    const auto s = suggestMapping(testForm(), {"email", "Created"});
    EXPECT_EQ(s.mapping.submitted_at.column, "Created");
    EXPECT_EQ(s.mapping.columns.at("email").question, "email");
}

}  // namespace
}  // namespace tnt::importing
