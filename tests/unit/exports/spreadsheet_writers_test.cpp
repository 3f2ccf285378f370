// The workbook writers' pure parts: the text rule shared by XLSX and ODS, the ODS cell XML, and the streamed
// ZIP read back through its central directory with zlib. (Real readers — openpyxl, LibreOffice, xmllint —
// open whole downloads in tests/e2e/office/spreadsheet_test.py.)
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "exports/ods_writer.h"
#include "exports/row_sink.h"
#include "exports/xlsx_writer.h"
#include "exports/zip_stream.h"

namespace tnt::exports {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::uint32_t u32(const std::string& s, std::size_t at)
{
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
    return v;
}

std::uint16_t u16(const std::string& s, std::size_t at)
{
    return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) | (static_cast<unsigned char>(s[at + 1]) << 8));
}

struct ZipEntry {
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::string data;  // inflated
};

// An archive read the way readers do: the end record, the central directory, then each local header.
std::map<std::string, ZipEntry> readZip(const std::string& zip)
{
    const std::size_t end = zip.size() - 22;
    if (u32(zip, end) != 0x06054b50) throw std::runtime_error("no end of central directory");
    const std::uint16_t count = u16(zip, end + 10);
    std::size_t at = u32(zip, end + 16);
    std::map<std::string, ZipEntry> entries;
    for (std::uint16_t i = 0; i < count; ++i) {
        if (u32(zip, at) != 0x02014b50) throw std::runtime_error("bad central header");
        ZipEntry entry;
        entry.method = u16(zip, at + 10);
        entry.crc = u32(zip, at + 16);
        const std::uint32_t compressed = u32(zip, at + 20);
        const std::uint32_t size = u32(zip, at + 24);
        const std::string name = zip.substr(at + 46, u16(zip, at + 28));
        const std::size_t local = u32(zip, at + 42);
        if (u32(zip, local) != 0x04034b50) throw std::runtime_error("bad local header");
        const std::size_t data = local + 30 + u16(zip, local + 26) + u16(zip, local + 28);
        const std::string raw = zip.substr(data, compressed);
        if (entry.method == 0) {
            entry.data = raw;
        } else {
            z_stream z{};
            inflateInit2(&z, -MAX_WBITS);
            entry.data.resize(size);
            z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
            z.avail_in = static_cast<uInt>(raw.size());
            z.next_out = reinterpret_cast<Bytef*>(entry.data.data());
            z.avail_out = static_cast<uInt>(size);
            const int result = inflate(&z, Z_FINISH);
            inflateEnd(&z);
            if (result != Z_STREAM_END) throw std::runtime_error("bad deflate data in " + name);
        }
        const auto crc = static_cast<std::uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(entry.data.data()), static_cast<uInt>(entry.data.size())));
        if (crc != entry.crc) throw std::runtime_error("bad CRC for " + name);
        entries[name] = std::move(entry);
        at += 46 + u16(zip, at + 28) + u16(zip, at + 30) + u16(zip, at + 32);
    }
    return entries;
}

TEST(SpreadsheetText, LineBreaksBecomeOneAndControlCharactersAReplaced)
{
    std::string scratch;
    const std::string plain = "Déjà vu\tdeux lignes\nici";
    EXPECT_EQ(spreadsheetText(plain, scratch).data(), plain.data()) << "nothing to change: no copy";
    EXPECT_EQ(spreadsheetText("a\r\nb\rc\x01"
                              "d\x1F",
                              scratch),
              "a\nb\nc\xEF\xBF\xBD"
              "d\xEF\xBF\xBD");
}

TEST(SpreadsheetText, ShapesOfOurValues)
{
    EXPECT_TRUE(isPlainDate("2021-12-08"));
    EXPECT_FALSE(isPlainDate("2021-12-8"));
    EXPECT_FALSE(isPlainDate("2021-12-08 10:00:00"));
    EXPECT_TRUE(isPlainDateTime("2021-12-08 23:59:59"));
    EXPECT_TRUE(isPlainDecimalNumber("-3,5"));
    EXPECT_FALSE(isPlainDecimalNumber("1e6"));
}

TEST(OdsParagraphs, KeepSpacesLinesAndEscapeMarkup)
{
    std::string xml;
    appendOdsParagraphs(xml, "  deux  espaces \n<b>&\"x\"\tfin");
    EXPECT_EQ(xml,
              "<text:p><text:s text:c=\"2\"/>deux <text:s/>espaces<text:s/></text:p>"
              "<text:p>&lt;b&gt;&amp;&quot;x&quot;\tfin</text:p>");
    xml.clear();
    appendOdsParagraphs(xml, "");
    EXPECT_EQ(xml, "<text:p></text:p>");
}

TEST(ZipStream, StoredThenDeflatedEntriesReadBackThroughTheCentralDirectory)
{
    std::string zip;
    ZipStream stream([&zip](std::string_view bytes) { zip.append(bytes); });
    stream.addStored("mimetype", "application/test");
    stream.begin("big.xml");
    std::string expected;
    for (int i = 0; i < 20000; ++i) {  // larger than the output chunk, written in parts
        const auto part = "<row n=\"" + std::to_string(i) + "\">é</row>";
        stream.write(part);
        expected += part;
    }
    stream.end();
    stream.addDeflated("empty.xml", "");
    stream.finish();
    EXPECT_EQ(stream.bytesWritten(), zip.size());
    EXPECT_EQ(zip.substr(30, 8), "mimetype") << "the first entry's name right after its header, no extra field";
    const auto entries = readZip(zip);
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries.at("mimetype").method, 0);
    EXPECT_EQ(entries.at("mimetype").data, "application/test");
    EXPECT_EQ(entries.at("big.xml").method, 8);
    EXPECT_EQ(entries.at("big.xml").data, expected);
    EXPECT_LT(zip.size(), expected.size() / 5) << "deflated";
    EXPECT_EQ(entries.at("empty.xml").data, "");
}

TEST(ZipStream, RefusesAnEntryInsideAnother)
{
    ZipStream stream([](std::string_view) {});
    stream.begin("a");
    EXPECT_THROW(stream.begin("b"), std::logic_error);
    EXPECT_THROW(stream.addStored("c", ""), std::logic_error);
}

std::vector<ExportCell> row(std::initializer_list<ExportCell> cells)
{
    return cells;
}

TEST(OdsWriter, TypedCellsHeaderStyleAndFilter)
{
    std::string ods;
    OdsWriter writer([&ods](std::string_view bytes) { ods.append(bytes); });
    using K = ExportCell::Kind;
    writer.startSheet("Réponses");
    writer.writeRow(row({{"Quand", K::text}, {"Note", K::text}, {"Texte", K::text}, {"Jour", K::text}}));
    writer.writeRow(row({{"2021-12-08 23:59:59", K::trusted_time},
                         {"3,5", K::trusted_number},
                         {"=SOMME(A1)", K::text},
                         {"2021-12-08", K::date}}));
    writer.writeRow(row({{"", K::text}, {"pas un nombre", K::trusted_number}, {"", K::text}, {"2021-13-45", K::date}}));
    writer.startSheet("Statistiques");
    writer.finish();
    const auto entries = readZip(ods);
    ASSERT_TRUE(entries.count("content.xml"));
    const auto& content = entries.at("content.xml").data;
    EXPECT_THAT(content, HasSubstr("<table:table table:name=\"Réponses\">"));
    EXPECT_THAT(content, HasSubstr("table:number-columns-repeated=\"4\""));
    EXPECT_THAT(content,
                HasSubstr("<table:table-header-rows><table:table-row><table:table-cell table:style-name=\"ce3\" "
                          "office:value-type=\"string\"><text:p>Quand</text:p>"));
    EXPECT_THAT(content, HasSubstr("office:value-type=\"date\" office:date-value=\"2021-12-08T23:59:59\""));
    EXPECT_THAT(content, HasSubstr("<table:table-cell office:value-type=\"float\" office:value=\"3.5\"/>"));
    EXPECT_THAT(content, HasSubstr("<text:p>=SOMME(A1)</text:p>")) << "text, never a formula, never quoted";
    EXPECT_THAT(content, Not(HasSubstr("table:formula")));
    EXPECT_THAT(content,
                HasSubstr("table:style-name=\"ce1\" office:value-type=\"date\" office:date-value=\"2021-12-08\""));
    EXPECT_THAT(content, HasSubstr("<text:p>pas un nombre</text:p>"));
    EXPECT_THAT(content, HasSubstr("<text:p>2021-13-45</text:p>")) << "no such day: text";
    EXPECT_THAT(content, HasSubstr("table:target-range-address=\"'Réponses'.A1:'Réponses'.D3\""));
    EXPECT_THAT(content, HasSubstr("<table:table table:name=\"Statistiques\"><table:table-column/>"))
        << "an empty sheet is still a valid table";
    EXPECT_THAT(entries.at("settings.xml").data, HasSubstr("config:name=\"Réponses\""));
    EXPECT_THAT(entries.at("META-INF/manifest.xml").data, HasSubstr("manifest:full-path=\"content.xml\""));
}

TEST(XlsxWriter, WritesAWorkbookWithBothSheets)
{
    std::string xlsx;
    XlsxWriter writer([&xlsx](std::string_view bytes) { xlsx.append(bytes); });
    using K = ExportCell::Kind;
    writer.startSheet("Réponses");
    writer.writeRow(row({{"Quand", K::text}, {"Note", K::text}, {"Texte", K::text}, {"Jour", K::text}}));
    writer.writeRow(row({{"2021-12-08 23:59:59", K::trusted_time},
                         {"3,5", K::trusted_number},
                         {std::string(40000, 'x'), K::text},
                         {"2021-12-08", K::date}}));
    writer.writeRow(row({{"", K::text},
                         {"pas un nombre", K::trusted_number},
                         {" =SOMME(A1) & <b>_x0041_ ", K::text},
                         {"2021-02-30", K::date}}));
    writer.startSheet("Statistiques");
    writer.writeRow(row({{"question", K::text}}));
    writer.startSheet("Vide");
    writer.finish();
    const auto entries = readZip(xlsx);
    ASSERT_TRUE(entries.count("xl/worksheets/sheet1.xml"));
    const auto& sheet = entries.at("xl/worksheets/sheet1.xml").data;
    EXPECT_THAT(sheet, HasSubstr("<pane ySplit=\"1\" topLeftCell=\"A2\""));
    EXPECT_THAT(sheet, HasSubstr("<col min=\"1\" max=\"4\" width=\"22.7109375\" customWidth=\"1\"/>"));
    EXPECT_THAT(sheet, HasSubstr("<autoFilter ref=\"A1:D3\"/>"));
    EXPECT_THAT(sheet, HasSubstr("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>Quand</t></is></c>")) << "bold header";
    EXPECT_THAT(sheet, HasSubstr("<c r=\"A2\" s=\"2\"><v>44538.99998842592</v></c>")) << "a date-time cell";
    EXPECT_THAT(sheet, HasSubstr("<c r=\"B2\"><v>3.5</v></c>")) << "a number, with its decimal point";
    EXPECT_THAT(sheet, HasSubstr("<c r=\"D2\" s=\"3\"><v>44538</v></c>")) << "a day cell";
    EXPECT_THAT(sheet, HasSubstr(std::string(32764, 'x') + "[…]")) << "cut to Excel's 32,767 characters";
    EXPECT_THAT(sheet, Not(HasSubstr(std::string(32765, 'x'))));
    EXPECT_THAT(sheet, Not(HasSubstr("<c r=\"A3\""))) << "an empty cell is no cell";
    EXPECT_THAT(sheet, HasSubstr("<c r=\"B3\" t=\"inlineStr\"><is><t>pas un nombre</t></is></c>"));
    EXPECT_THAT(sheet, HasSubstr("<t xml:space=\"preserve\"> =SOMME(A1) &amp; &lt;b&gt;_x005F_x0041_ </t>"))
        << "text, never a formula; Excel's own escapes kept as typed";
    EXPECT_THAT(sheet, HasSubstr("<c r=\"D3\" t=\"inlineStr\"><is><t>2021-02-30</t></is></c>")) << "no such day: text";
    EXPECT_THAT(sheet, Not(HasSubstr("<f>")));
    const auto& empty = entries.at("xl/worksheets/sheet3.xml").data;
    EXPECT_THAT(empty, HasSubstr("<sheetData></sheetData>"));
    EXPECT_THAT(empty, Not(HasSubstr("<pane")));
    const auto& workbook = entries.at("xl/workbook.xml").data;
    EXPECT_THAT(workbook, HasSubstr("<sheet name=\"Statistiques\" sheetId=\"2\" r:id=\"rId2\"/>"));
    EXPECT_THAT(workbook, HasSubstr("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" "
                                    "hidden=\"1\">'Réponses'!$A$1:$D$3</definedName>"));
    EXPECT_THAT(entries.at("[Content_Types].xml").data, HasSubstr("/xl/worksheets/sheet3.xml"));
    EXPECT_THAT(entries.at("xl/_rels/workbook.xml.rels").data, HasSubstr("Target=\"styles.xml\""));
}

TEST(XlsxWriter, SerialNumbersAreExcels)
{
    EXPECT_EQ(excelSerial("1900-01-01"), "1");
    EXPECT_EQ(excelSerial("1900-02-28"), "59");
    EXPECT_EQ(excelSerial("1900-03-01"), "61") << "after the 29 February 1900 Excel counts";
    EXPECT_EQ(excelSerial("2026-12-01"), "46357");
    EXPECT_EQ(excelSerial("2026-12-01 12:00:00"), "46357.5");
    EXPECT_EQ(excelSerial("1899-12-31"), "") << "before 1900: no serial, a text cell";
    EXPECT_EQ(excelSerial("2023-02-29"), "") << "no such day";
    EXPECT_EQ(excelSerial("2026-13-01"), "");
    EXPECT_EQ(excelSerial("le 1er"), "");
}

}  // namespace
}  // namespace tnt::exports
