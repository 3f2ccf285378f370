#include "exports/csv_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace tnt::exports {
namespace {

using Fields = std::vector<std::string>;

TEST(CsvReader, DetectsCommaSemicolonAndTab)
{
    for (char separator : {',', ';', '\t'}) {
        std::string text = "a" + std::string(1, separator) + "b\r\n1" + std::string(1, separator) + "2\r\n";
        CsvReader reader = CsvReader::fromString(text);
        auto records = reader.readAll();
        EXPECT_EQ(reader.separator(), separator);
        ASSERT_EQ(records.size(), 2u);
        EXPECT_EQ(records[0].fields, (Fields{"a", "b"}));
        EXPECT_EQ(records[1].fields, (Fields{"1", "2"}));
    }
}

TEST(CsvReader, IgnoresSeparatorsInsideQuotedHeaderLabels)
{
    CsvReader reader = CsvReader::fromString("\"Nom, prénom\";\"Commune, département\";Âge\n");
    auto records = reader.readAll();
    EXPECT_EQ(reader.separator(), ';');
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].fields, (Fields{"Nom, prénom", "Commune, département", "Âge"}));
}

TEST(CsvReader, StripsTheUtf8Bom)
{
    CsvReader reader = CsvReader::fromString("\xEF\xBB\xBFid;nom\r\n1;Zoé\r\n");
    auto records = reader.readAll();
    EXPECT_TRUE(reader.hadByteOrderMark());
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].fields, (Fields{"id", "nom"}));
    EXPECT_EQ(records[1].fields, (Fields{"1", "Zoé"}));
    EXPECT_EQ(reader.linesConvertedFromWindows1252(), 0u);
}

TEST(CsvReader, ConvertsWindows1252ToUtf8)
{
    // "Élu;Коммуна" would not fit Windows-1252; this is what French Excel saves: É=0xC9, é=0xE9, œ=0x9C, €=0x80.
    CsvReader reader = CsvReader::fromString("\xC9lu;Co\xFBt\r\nS\xE9verine;5 \x80\r\nc\x9Cur;\x81\r\n");
    auto records = reader.readAll();
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].fields, (Fields{"Élu", "Coût"}));
    EXPECT_EQ(records[1].fields, (Fields{"Séverine", "5 €"}));
    EXPECT_EQ(records[2].fields, (Fields{"cœur", "\xEF\xBF\xBD"}));  // 0x81 is undefined: U+FFFD
    EXPECT_EQ(reader.linesConvertedFromWindows1252(), 3u);
}

TEST(CsvReader, KeepsQuotedNewlinesAndReportsStartLines)
{
    CsvReader reader = CsvReader::fromString(
        "id,commentaire\r\n"
        "1,\"sur\r\ndeux lignes\"\r\n"
        "\r\n"
        "\"2\nbis\",simple\r\n"
        "3,\"sans fin de ligne\"");
    auto records = reader.readAll();
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0].line, 1u);
    EXPECT_EQ(records[1].fields, (Fields{"1", "sur\r\ndeux lignes"}));
    EXPECT_EQ(records[1].line, 2u);
    EXPECT_EQ(records[2].fields, (Fields{"2\nbis", "simple"}));
    EXPECT_EQ(records[2].line, 5u);
    EXPECT_EQ(records[3].fields, (Fields{"3", "sans fin de ligne"}));
    EXPECT_EQ(records[3].line, 7u);
}

TEST(CsvReader, ReadsAFramaformsStyleWindows1252Export)
{
    // Semicolons, a quoted newline and a quoted semicolon, accents in Windows-1252, French dates.
    const std::string file =
        "\"Date de soumission\";\"Commune\";\"Vos attentes ?\"\r\n"
        "\"08/12/2021 14:32\";\"Saint-\xC9tienne\";\"Former les \xE9lus;\r\npuis les agents\"\r\n"
        "\"08/12/2021 23:59\";\"L'Ha\xFF-les-Roses\";\"\"\"Cybers\xE9"
        "curit\xE9\"\"\"\r\n";
    CsvReader reader = CsvReader::fromString(file);
    auto records = reader.readAll();
    EXPECT_EQ(reader.separator(), ';');
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1].fields, (Fields{"08/12/2021 14:32", "Saint-Étienne", "Former les élus;\r\npuis les agents"}));
    EXPECT_EQ(records[2].fields, (Fields{"08/12/2021 23:59", "L'Haÿ-les-Roses", "\"Cybersécurité\""}));
    EXPECT_EQ(records[2].line, 4u);
}

TEST(CsvReader, KeepsBlanksAroundUnquotedValues)
{
    auto records = CsvReader::fromString("a, b ,c\n").readAll();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].fields, (Fields{"a", " b ", "c"}));
}

TEST(CsvReader, KeepsEmptyFields)
{
    auto records = CsvReader::fromString("a;;c;\n").readAll();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].fields, (Fields{"a", "", "c", ""}));
}

TEST(CsvReader, HonoursAGivenSeparator)
{
    auto records = CsvReader::fromString("a;b,c\n", {.separator = ','}).readAll();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].fields, (Fields{"a;b", "c"}));
}

TEST(CsvReader, ReadsAFile)
{
    const auto path = std::filesystem::temp_directory_path() / "tnt_exports_reader_test.csv";
    {
        std::ofstream file(path, std::ios::binary);
        file << "x\tdate\r\n\"tab\there\"\t08/12/2021 14:32\r\n";
    }
    auto records = CsvReader::fromFile(path).readAll();
    std::filesystem::remove(path);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1].fields, (Fields{"tab\there", "08/12/2021 14:32"}));
}

TEST(CsvReader, MissingFileIsAnError)
{
    EXPECT_THROW(CsvReader::fromFile("/nonexistent/tnt.csv"), CsvReadError);
}

TEST(CsvReader, EmptyInputHasNoRecords)
{
    EXPECT_TRUE(CsvReader::fromString("").readAll().empty());
}

}  // namespace
}  // namespace tnt::exports
