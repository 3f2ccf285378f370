// The first sheet of an XLSX workbook read as records (issue 21), on workbooks built here with libzip: shared
// and inline strings (phonetic runs left out), numbers as written, dates by their style as ISO times (the
// 1900 and 1904 systems), booleans, gaps between cells and rows; and what is refused before inflating: not a
// ZIP, a truncated file, entries that declare far more than the file could hold (a ZIP bomb).
#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "exports/record_reader.h"
#include "exports/xlsx_reader.h"

namespace tnt::exports {
namespace {

std::filesystem::path temp(const std::string& name)
{
    return std::filesystem::path(::testing::TempDir()) / name;
}

// A workbook of `parts` (name → content) written with libzip, deflated.
void writeZip(const std::filesystem::path& path, const std::map<std::string, std::string>& parts)
{
    std::filesystem::remove(path);
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(archive, nullptr);
    for (const auto& [name, content] : parts) {
        zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
        ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE), 0);
    }
    ASSERT_EQ(zip_close(archive), 0);
}

std::map<std::string, std::string> workbook(const std::string& sheet, bool date1904 = false)
{
    return {
        {"xl/workbook.xml",
         std::string(
             R"(<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
             R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)") +
             (date1904 ? R"(<workbookPr date1904="1"/>)" : "") +
             R"(<sheets><sheet name="Réponses" sheetId="1" r:id="rId7"/><sheet name="Autre" sheetId="2" r:id="rId8"/></sheets></workbook>)"},
        {"xl/_rels/workbook.xml.rels",
         R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
         R"(<Relationship Id="rId8" Type="x" Target="worksheets/sheet2.xml"/>)"
         R"(<Relationship Id="rId7" Type="x" Target="worksheets/sheet1.xml"/></Relationships>)"},
        {"xl/sharedStrings.xml",
         R"(<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
         R"(<si><t>Date</t></si><si><r><t>Élu </t></r><r><t xml:space="preserve">de Saint-Étienne</t></r>)"
         R"(<rPh><t>ふりがな</t></rPh></si><si><t>deux
lignes</t></si></sst>)"},
        {"xl/styles.xml",
         R"(<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
         R"(<numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy\ hh:mm"/><numFmt numFmtId="165" )"
         R"(formatCode="&quot;Jour &quot;0"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/>)"
         R"(<xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>)"},
        {"xl/worksheets/sheet1.xml", sheet},
        {"xl/worksheets/sheet2.xml", "<worksheet/>"},
    };
}

std::vector<CsvRecord> readAll(const std::filesystem::path& path)
{
    auto reader = openRecordReader(path);
    std::vector<CsvRecord> out;
    CsvRecord record;
    while (reader->next(record)) out.push_back(record);
    return out;
}

constexpr const char* kSheet =
    R"(<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
    R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>en ligne</t></is></c></row>)"
    R"(<row r="3"><c r="A3" s="2"><v>44486.605555555558</v></c><c r="B3"><v>4</v></c><c r="C3" s="3"><v>12.5</v></c>)"
    R"(<c r="D3" t="b"><v>1</v></c><c r="E3" s="1"><v>44486</v></c><c r="F3" t="s"><v>2</v></c></row>)"
    R"(</sheetData></worksheet>)";

TEST(XlsxReader, CellsReadAsAPersonSeesThem)
{
    const auto path = temp("cellules.xlsx");
    writeZip(path, workbook(kSheet));
    const auto rows = readAll(path);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].line, 1u);
    EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"Date", "Élu de Saint-Étienne", "", "en ligne"}));
    EXPECT_EQ(rows[1].line, 3u) << "the sheet's own row number";
    // 44486.6055… is 17/10/2021 14:32 (the 1900 system); "Jour "0 is a number format, not a date.
    EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"2021-10-17 14:32:00", "4", "12.5", "1", "2021-10-17 00:00:00",
                                                        "deux\nlignes"}));
    auto reader = openRecordReader(path);
    EXPECT_TRUE(reader->endsRowsAtLastFilledCell());
}

TEST(XlsxReader, The1904DateSystemIsHonoured)
{
    const auto path = temp("1904.xlsx");
    writeZip(path,
             workbook(R"(<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>0</v></c></row></sheetData></worksheet>)",
                      true));
    const auto rows = readAll(path);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"1904-01-01 00:00:00"}));
}

TEST(XlsxReader, ACsvFileIsStillReadAsCsv)
{
    const auto path = temp("fichier.csv");
    std::ofstream(path, std::ios::binary) << "a;b\n1;2\n";
    const auto rows = readAll(path);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"1", "2"}));
    EXPECT_FALSE(openRecordReader(path)->endsRowsAtLastFilledCell());
}

TEST(XlsxReader, ATruncatedWorkbookIsRefused)
{
    const auto path = temp("entier.xlsx");
    writeZip(path, workbook(kSheet));
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto cut = temp("coupe.xlsx");
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    try {
        readAll(cut);
        ADD_FAILURE() << "a truncated workbook was read";
    } catch (const XlsxReadError& e) {
        EXPECT_NE(std::string(e.what()).find("tronqué"), std::string::npos) << e.what();
    }
}

TEST(XlsxReader, AZipBombIsRefusedBeforeInflating)
{
    // 64 MiB of the same byte deflate to about 64 KiB: a thousand times the file.
    auto parts = workbook(kSheet);
    parts["xl/media/bombe.bin"] = std::string(64u << 20, 'A');
    const auto path = temp("bombe.xlsx");
    writeZip(path, parts);
    ASSERT_LT(std::filesystem::file_size(path), 1u << 20);
    try {
        readAll(path);
        ADD_FAILURE() << "a ZIP bomb was read";
    } catch (const XlsxReadError& e) {
        EXPECT_NE(std::string(e.what()).find("bombe"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("rien n'a été décompressé"), std::string::npos) << e.what();
    }
}

TEST(XlsxReader, AWorkbookWithoutItsPartsSaysWhich)
{
    auto parts = workbook(kSheet);
    parts.erase("xl/worksheets/sheet1.xml");
    const auto path = temp("sans-feuille.xlsx");
    writeZip(path, parts);
    try {
        readAll(path);
        ADD_FAILURE() << "a workbook without its sheet was read";
    } catch (const XlsxReadError& e) {
        EXPECT_NE(std::string(e.what()).find("xl/worksheets/sheet1.xml"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace tnt::exports
