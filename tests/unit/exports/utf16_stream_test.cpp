// UTF-16 files read as UTF-8 (issue 21): Webform's "Excel" download is tab-separated UTF-16LE with a BOM.
// Both byte orders, characters outside the BMP (a surrogate pair split across the decoder's chunks), a file
// cut short (odd byte count) and a lone surrogate refused with the byte offset, and the CSV reader on top.
#include <gtest/gtest.h>

#include <iterator>
#include <sstream>

#include "exports/csv_reader.h"
#include "exports/utf16_stream.h"

namespace tnt::exports {
namespace {

// `text` (UTF-8, BMP and astral) as UTF-16 bytes with the BOM of `order`.
std::string utf16(const std::u16string& text, Utf16Order order)
{
    std::string out = order == Utf16Order::little_endian ? std::string("\xFF\xFE") : std::string("\xFE\xFF");
    for (char16_t u : text) {
        const char hi = static_cast<char>(u >> 8);
        const char lo = static_cast<char>(u & 0xFF);
        if (order == Utf16Order::little_endian) {
            out += lo;
            out += hi;
        } else {
            out += hi;
            out += lo;
        }
    }
    return out;
}

std::string readAll(const std::string& bytes)
{
    auto stream = utf8Stream(std::make_unique<std::istringstream>(bytes, std::ios::binary));
    return std::string(std::istreambuf_iterator<char>(*stream), std::istreambuf_iterator<char>());
}

TEST(Utf16Stream, BothByteOrdersBecomeUtf8)
{
    const std::u16string text = u"\"Étude\"\t\"Élue à Saint-Étienne\"\r\n\"€ 💡\"\n";
    const std::string expected = "\"Étude\"\t\"Élue à Saint-Étienne\"\r\n\"€ 💡\"\n";
    EXPECT_EQ(readAll(utf16(text, Utf16Order::little_endian)), expected);
    EXPECT_EQ(readAll(utf16(text, Utf16Order::big_endian)), expected);
}

TEST(Utf16Stream, AnotherFileIsLeftAsItIs)
{
    EXPECT_EQ(readAll("a;b\n\xC3\xA9;c\n"), "a;b\n\xC3\xA9;c\n");
    EXPECT_EQ(readAll("\xFF"), "\xFF") << "one byte is no BOM";
    EXPECT_EQ(readAll(""), "");
}

TEST(Utf16Stream, ASurrogatePairSplitAcrossChunksIsOneCharacter)
{
    // 64 KiB chunks: the pair's two halves land in two reads.
    std::u16string text(32767, u'a');
    text += u"💡";
    text += u"z";
    const auto decoded = readAll(utf16(text, Utf16Order::little_endian));
    EXPECT_EQ(decoded, std::string(32767, 'a') + "💡z");
}

TEST(Utf16Stream, AFileCutShortOrABrokenCharacterIsRefusedWithItsOffset)
{
    auto bytes = utf16(u"abc", Utf16Order::little_endian);
    bytes.pop_back();  // an odd count
    try {
        readAll(bytes);
        ADD_FAILURE() << "an odd byte count was read";
    } catch (const Utf16Error& e) {
        EXPECT_NE(std::string(e.what()).find("tronqué"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("octet 6"), std::string::npos) << e.what();
    }
    // Through the CSV reader, as the import reads it.
    auto reader = CsvReader::fromString(bytes);
    EXPECT_THROW(reader.readAll(), Utf16Error);
    const std::u16string lone{u'a', static_cast<char16_t>(0xDC00), u'b'};
    try {
        readAll(utf16(lone, Utf16Order::little_endian));
        ADD_FAILURE() << "a lone surrogate was read";
    } catch (const Utf16Error& e) {
        EXPECT_NE(std::string(e.what()).find("octet 4"), std::string::npos) << e.what();
    }
}

TEST(Utf16Stream, TheCsvReaderReadsWebformsExcelDownload)
{
    // As webform_exporter_excel_delimited.inc writes it: UTF-16LE, BOM, tab, every field quoted, CRLF.
    const std::u16string file =
        u"\"Numéro de série\"\t\"Commune\"\t\"Avis\"\r\n\"1\"\t\"Saint-Étienne\"\t\"Très \"\"utile\"\"\"\r\n";
    auto reader = CsvReader::fromString(utf16(file, Utf16Order::little_endian));
    const auto records = reader.readAll();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(reader.separator(), '\t');
    EXPECT_EQ(records[0].fields, (std::vector<std::string>{"Numéro de série", "Commune", "Avis"}));
    EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "Saint-Étienne", "Très \"utile\""}));
    EXPECT_EQ(records[1].line, 2u);
    EXPECT_EQ(reader.linesConvertedFromWindows1252(), 0u);
}

}  // namespace
}  // namespace tnt::exports
