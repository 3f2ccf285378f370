// The records of a file to import after its header (issue 21): a plain CSV as it is; a Drupal Webform
// export's three header rows made one, its multiple choices gathered from their option columns (« X »), the
// "other" text column marking « autre », drafts skipped and counted, the IP address, UID and user name never
// read; a header row repeated among the data refused with its line.
#include <gtest/gtest.h>

#include "service/importing/import_file.h"
#include "test_form.h"

namespace tnt::importing {
namespace {

std::vector<std::vector<std::string>> records(ImportFile& file)
{
    std::vector<std::vector<std::string>> out;
    exports::CsvRecord record;
    while (file.next(record)) out.push_back(record.fields);
    return out;
}

TEST(ImportFile, APlainCsvIsReadAsItIs)
{
    ImportFile file(exports::CsvReader::fromString("Nom;Apports\nA;services\nB;\n"), test::testForm());
    EXPECT_FALSE(file.webform());
    EXPECT_EQ(file.header(), (std::vector<std::string>{"Nom", "Apports"}));
    EXPECT_EQ(records(file), (std::vector<std::vector<std::string>>{{"A", "services"}, {"B", ""}}));
    // A first row that looks like a title, followed by data: still a plain file, nothing lost.
    ImportFile titled(exports::CsvReader::fromString("Nom;\nA;\n"), test::testForm());
    EXPECT_FALSE(titled.webform());
    EXPECT_EQ(records(titled), (std::vector<std::vector<std::string>>{{"A", ""}}));
}

constexpr const char* kWebform =
    "\"Essai\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\n"
    "\"Détails de la soumission\"\t\"\"\t\"\"\t\"\"\t\"Apports\"\t\"\"\t\"\"\t\"\"\t\"Inconnue\"\t\"\"\n"
    "\"SID\"\t\"Heure de soumission\"\t\"Brouillon\"\t\"Adresse IP\"\t\"services\"\t\"attractivite\"\t"
    "\"risques\"\t\"Autre...\"\t\"x\"\t\"x\"\n"
    "\"1\"\t\"17/10/2021 - 14:32\"\t\"0\"\t\"192.0.2.1\"\t\"X\"\t\"\"\t\"X\"\t\"\"\t\"X\"\t\"\"\n"
    "\"2\"\t\"17/10/2021 - 14:40\"\t\"1\"\t\"192.0.2.2\"\t\"X\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\n"
    "\"3\"\t\"17/10/2021 - 15:00\"\t\"0\"\t\"192.0.2.3\"\t\"\"\t\"\"\t\"\"\t\"Le lien social\"\t\"\"\t\"X\"\n";

TEST(ImportFile, AWebformExportGetsOneHeaderAndItsChoicesGathered)
{
    ImportFile file(exports::CsvReader::fromString(kWebform), test::testForm());
    ASSERT_TRUE(file.webform());
    // The group the form does not know keeps its columns, told apart; the IP address is gone.
    EXPECT_EQ(file.header(), (std::vector<std::string>{"SID", "Heure de soumission", "Brouillon", "Apports",
                                                       "Apports Autre apport", "x", "x (2)"}));
    EXPECT_EQ(file.leftOut(), (std::vector<std::string>{"Adresse IP"}));
    const auto rows = records(file);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"1", "17/10/2021 - 14:32", "0", "services|risques", "", "X", ""}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"3", "17/10/2021 - 15:00", "0", "autre", "Le lien social", "", "X"}));
    EXPECT_EQ(file.draftsSkipped(), 1u);
}

TEST(ImportFile, AHeaderRowRepeatedAmongTheDataIsRefusedWithItsLine)
{
    const std::string twice = std::string(kWebform) + kWebform;
    ImportFile file(exports::CsvReader::fromString(twice), test::testForm());
    try {
        records(file);
        ADD_FAILURE() << "the repeated header was read as data";
    } catch (const ImportFileError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("ligne 7 : la ligne des en-têtes se répète", 0), 0u) << e.what();
    }
    ImportFile plain(exports::CsvReader::fromString("Nom;Apports\nA;services\nNom;Apports\n"), test::testForm());
    EXPECT_THROW(records(plain), ImportFileError);
    EXPECT_THROW(ImportFile(exports::CsvReader::fromString(""), test::testForm()), ImportFileError);
}

}  // namespace
}  // namespace tnt::importing
