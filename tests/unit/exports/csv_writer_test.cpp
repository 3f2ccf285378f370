#include "exports/csv_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "exports/csv_reader.h"

namespace tnt::exports {
namespace {

struct Output {
    std::string bytes;
    std::size_t flushes = 0;
    CsvWriter::Sink sink()
    {
        return [this](std::string_view chunk) {
            bytes.append(chunk);
            ++flushes;
        };
    }
};

TEST(CsvDialect, ParsesTheTwoQueryValues)
{
    EXPECT_EQ(parseCsvDialect("excel"), CsvDialect::excel());
    EXPECT_EQ(parseCsvDialect("rfc4180"), CsvDialect::rfc4180());
    EXPECT_EQ(parseCsvDialect("excel").queryValue(), "excel");
}

TEST(CsvDialect, RejectsUnknownValuesWithAFrenchMessage)
{
    EXPECT_THROW(parseCsvDialect("Excel"), UnknownCsvDialect);
    EXPECT_THROW(parseCsvDialect(""), UnknownCsvDialect);
    try {
        parseCsvDialect("tsv");
        FAIL();
    } catch (const UnknownCsvDialect& e) {
        EXPECT_NE(std::string(e.what()).find("excel"), std::string::npos);
    }
}

TEST(CsvWriter, ExcelDialectWritesBomSemicolonsAndCrlf)
{
    Output out;
    CsvWriter writer(CsvDialect::excel(), out.sink());
    writer.writeRow({"id", "réponse"});
    writer.writeRow({"a1", "un;deux"});
    writer.flush();
    EXPECT_EQ(out.bytes,
              "\xEF\xBB\xBF"
              "\"id\";\"réponse\"\r\n\"a1\";\"un;deux\"\r\n");
}

TEST(CsvWriter, Rfc4180DialectWritesCommasWithoutBom)
{
    Output out;
    CsvWriter writer(CsvDialect::rfc4180(), out.sink());
    writer.writeRow({"id", "réponse"});
    writer.writeRow({"a1", "un,deux", "dit \"oui\"", "deux\r\nlignes", "un;point-virgule"});
    writer.flush();
    EXPECT_EQ(out.bytes,
              "\"id\",\"réponse\"\r\n"
              "\"a1\",\"un,deux\",\"dit \"\"oui\"\"\",\"deux\r\nlignes\",\"un;point-virgule\"\r\n");
}

TEST(CsvWriter, BomIsWrittenOnceAcrossFlushes)
{
    Output out;
    CsvWriter writer(CsvDialect::excel(), out.sink(), 8);
    for (int i = 0; i < 5; ++i) writer.writeRow({"abcdef"});
    writer.flush();
    EXPECT_EQ(out.bytes,
              "\xEF\xBB\xBF"
              "\"abcdef\"\r\n\"abcdef\"\r\n\"abcdef\"\r\n\"abcdef\"\r\n\"abcdef\"\r\n");
    EXPECT_EQ(out.flushes, 5u);  // each row passes the threshold of 8 bytes
    EXPECT_EQ(writer.rowsWritten(), 5u);
}

TEST(CsvWriter, HandsOverChunksNoBiggerThanThresholdPlusOneRow)
{
    std::size_t largest = 0;
    std::size_t total = 0;
    CsvWriter writer(
        CsvDialect::rfc4180(),
        [&](std::string_view chunk) {
            largest = std::max(largest, chunk.size());
            total += chunk.size();
        },
        1024);
    for (int i = 0; i < 10000; ++i) writer.writeRow({"une réponse", "=1+1", "a,b"});
    writer.flush();
    EXPECT_EQ(total, 10000u * std::string_view("\"une réponse\",\"'=1+1\",\"a,b\"\r\n").size());
    EXPECT_LT(largest, 1024u + 64u);
}

TEST(CsvWriter, NothingWrittenMeansNoBytes)
{
    Output out;
    CsvWriter writer(CsvDialect::excel(), out.sink());
    writer.flush();
    EXPECT_TRUE(out.bytes.empty());
    EXPECT_EQ(out.flushes, 0u);
}

TEST(CsvWriter, NeutralisesFormulaLikeText)
{
    Output out;
    CsvWriter writer(CsvDialect::rfc4180(), out.sink());
    writer.writeRow({"=SUM(A1)", "+33 6 12 34 56 78", "-", "@x", "\tcmd", "\rx", "a=b", ""});
    writer.flush();
    EXPECT_EQ(out.bytes, "\"'=SUM(A1)\",\"'+33 6 12 34 56 78\",\"'-\",\"'@x\",\"'\tcmd\",\"'\rx\",\"a=b\",\r\n");
}

TEST(CsvWriter, TrustedNumbersStayNumbers)
{
    Output out;
    CsvWriter writer(CsvDialect::excel(), out.sink());
    std::vector<ExportCell> row{{"-3", ExportCell::Kind::trusted_number},
                                {"3,5", ExportCell::Kind::trusted_number},
                                {"-3", ExportCell::Kind::text}};
    writer.writeRow(row);
    writer.flush();
    // "3,5" is quoted all the same: a reader splitting on ',' as well as ';' would make it two cells.
    EXPECT_EQ(out.bytes,
              "\xEF\xBB\xBF"
              "-3;\"3,5\";\"'-3\"\r\n");
}

TEST(CsvWriter, TrustedNumberThatIsNotANumberIsStillNeutralised)
{
    Output out;
    CsvWriter writer(CsvDialect::rfc4180(), out.sink());
    writer.writeNumber("-1+2");
    writer.writeNumber("=1");
    writer.writeNumber("-0.25");
    writer.endRow();
    writer.flush();
    EXPECT_EQ(out.bytes, "\"'-1+2\",\"'=1\",-0.25\r\n");
}

TEST(CsvWriter, QuotesEveryTextInBothDialects)
{
    for (CsvDialect dialect : {CsvDialect::excel(), CsvDialect::rfc4180()}) {
        Output out;
        CsvWriter writer(dialect, out.sink());
        writer.writeRow({" a", "b ", "c d", "Intercommunalité (communauté de communes, …)", "a;b", "t\tu", "01", ""});
        writer.flush();
        const std::string s(1, dialect.separator);
        EXPECT_EQ(out.bytes, std::string(dialect.byteOrderMark ? "\xEF\xBB\xBF" : "") + "\" a\"" + s + "\"b \"" + s +
                                 "\"c d\"" + s + "\"Intercommunalité (communauté de communes, …)\"" + s + "\"a;b\"" +
                                 s + "\"t\tu\"" + s + "\"01\"" + s + "\r\n")
            << dialect.queryValue();
    }
}

TEST(CsvWriter, NeutralisesEveryLineThatLooksLikeAFormula)
{
    Output out;
    CsvWriter writer(CsvDialect::rfc4180(), out.sink());
    writer.writeRow({"Bonjour\n=SOMME(1;2)", "a\r\n+b\r\nc", "a\r-b", "x\n\n@y", "\tz\n\tw", "fin\n", "a\n b=c"});
    writer.flush();
    const auto records = CsvReader::fromString(out.bytes).readAll();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].fields, (std::vector<std::string>{"Bonjour\n'=SOMME(1;2)", "a\r\n'+b\r\nc", "a\r'-b",
                                                           "x\n\n'@y", "'\tz\n'\tw", "fin\n", "a\n b=c"}));
}

TEST(CsvWriter, TimesWeFormattedStayBare)
{
    Output out;
    CsvWriter writer(CsvDialect::excel(), out.sink());
    std::vector<ExportCell> row{{"2026-12-01 05:03:09", ExportCell::Kind::trusted_time},
                                {"=1+1", ExportCell::Kind::trusted_time},
                                {"2026-12-01T05:03:09+01:00", ExportCell::Kind::trusted_time}};
    writer.writeRow(row);
    writer.flush();
    EXPECT_EQ(out.bytes,
              "\xEF\xBB\xBF"
              "2026-12-01 05:03:09;\"'=1+1\";\"2026-12-01T05:03:09+01:00\"\r\n");
}

TEST(PlainDateTime, AcceptsOnlyTheSpreadsheetShape)
{
    EXPECT_TRUE(isPlainDateTime("2026-12-01 05:03:09"));
    EXPECT_FALSE(isPlainDateTime("2026-12-01T05:03:09"));
    EXPECT_FALSE(isPlainDateTime("2026-12-01 05:03"));
    EXPECT_FALSE(isPlainDateTime("2026-12-01 05:03:0a"));
    EXPECT_FALSE(isPlainDateTime("=026-12-01 05:03:09"));
}

TEST(PlainDecimalNumber, AcceptsOnlySimpleDecimals)
{
    EXPECT_TRUE(isPlainDecimalNumber("0"));
    EXPECT_TRUE(isPlainDecimalNumber("-12"));
    EXPECT_TRUE(isPlainDecimalNumber("3.5"));
    EXPECT_TRUE(isPlainDecimalNumber("3,5"));
    EXPECT_FALSE(isPlainDecimalNumber(""));
    EXPECT_FALSE(isPlainDecimalNumber("-"));
    EXPECT_FALSE(isPlainDecimalNumber("+3"));
    EXPECT_FALSE(isPlainDecimalNumber("3."));
    EXPECT_FALSE(isPlainDecimalNumber(".5"));
    EXPECT_FALSE(isPlainDecimalNumber("1e5"));
    EXPECT_FALSE(isPlainDecimalNumber("1,000.5"));
}

TEST(CsvWriter, EveryAwkwardFieldRoundTripsThroughTheReader)
{
    const std::vector<std::string> awkward{
        "é à ç œ 😀", "dit \"oui\"", "a;b",  "a,b", "a\tb", "ligne 1\nligne 2", "ligne 1\r\nligne 2", "",
        " espace ",  "\"",          "\"\"", ";;",  "fin\n"};
    for (CsvDialect dialect : {CsvDialect::excel(), CsvDialect::rfc4180()}) {
        Output out;
        CsvWriter writer(dialect, out.sink());
        writer.writeRow({"premier", "second"});
        for (const std::string& field : awkward) writer.writeRow({field, "x"});
        writer.flush();
        auto records = CsvReader::fromString(out.bytes).readAll();
        ASSERT_EQ(records.size(), awkward.size() + 1) << dialect.queryValue();
        for (std::size_t i = 0; i < awkward.size(); ++i) {
            ASSERT_EQ(records[i + 1].fields.size(), 2u) << i;
            EXPECT_EQ(records[i + 1].fields[0], awkward[i]) << dialect.queryValue() << " field " << i;
        }
    }
}

}  // namespace
}  // namespace tnt::exports
