#include "exports/xlsx_writer.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <stdexcept>

#include "exports/spreadsheet_xml.h"

namespace tnt::exports {

namespace {

constexpr std::size_t kFlushBytes = 64 * 1024;
// What a cell holds at most, in characters (Excel's limit).
constexpr std::size_t kMaxCellCharacters = 32767;
constexpr std::string_view kCut = "[…]";  // the marker of a text cut to the limit
constexpr std::size_t kCutCharacters = 3;
// 22 characters (a header of a few words, a date) as Excel stores a width: with its padding.
constexpr std::string_view kColumnWidth = "22.7109375";

// Styles (xl/styles.xml's cellXfs): 0 plain, 1 bold (the header), 2 a Paris time, 3 a day.
constexpr std::string_view kBold = "1";
constexpr std::string_view kTime = "2";
constexpr std::string_view kDay = "3";

constexpr std::string_view kXmlDeclaration = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                                             "\n";
constexpr std::string_view kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

constexpr std::string_view kStyles =
    R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm:ss"/>)"
    R"(<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>)"
    R"(<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>)"
    R"(<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>)"
    R"(<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>)"
    R"(</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>)"
    R"(<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>)"
    R"(<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>)"
    R"(<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>)"
    R"(<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>)"
    R"(<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>)"
    R"(<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>)"
    R"(</styleSheet>)";

// The text cut to Excel's limit at a character boundary, with a marker saying so.
std::string_view withinLimit(std::string_view text, std::string& scratch)
{
    const auto isLead = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };  // not a continuation
    if (static_cast<std::size_t>(std::count_if(text.begin(), text.end(), isLead)) <= kMaxCellCharacters) return text;
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (isLead(text[i]) && characters++ == kMaxCellCharacters - kCutCharacters) {  // room for the marker
            scratch.assign(text.substr(0, i)).append(kCut);
            return scratch;
        }
    }
    return text;
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Excel reads "_x0041_" in a string as the character it codes ("A"): a typed one keeps its letters by
// escaping its underscore ("_x005F_x0041_"), as Excel itself writes it.
void appendInlineText(std::string& out, std::string_view text)
{
    std::size_t from = 0;
    for (auto at = text.find("_x"); at != std::string_view::npos; at = text.find("_x", at + 1)) {
        if (at + 7 > text.size() || text[at + 6] != '_' ||
            !std::all_of(text.begin() + static_cast<std::ptrdiff_t>(at + 2),
                         text.begin() + static_cast<std::ptrdiff_t>(at + 6), isHex)) {
            continue;
        }
        appendXmlEscaped(out, text.substr(from, at - from));
        out.append("_x005F_");  // the underscore itself
        from = at + 1;  // the "x…_" follows as typed
    }
    appendXmlEscaped(out, text.substr(from));
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

std::string excelSerial(std::string_view value)
{
    const auto number = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (value[i] - '0');
        return v;
    };
    if (!(isPlainDate(value) || isPlainDateTime(value)) || !isValidDateShape(value)) return "";
    const std::chrono::year_month_day day{std::chrono::year(number(0, 4)),
                                          std::chrono::month(static_cast<unsigned>(number(5, 2))),
                                          std::chrono::day(static_cast<unsigned>(number(8, 2)))};
    if (!day.ok() || day.year() < std::chrono::year(1900)) return "";
    // Day 1 is 1900-01-01; Excel counts a 29 February 1900 that never was, so from March 1900 the count is
    // from 1899-12-30.
    constexpr std::chrono::sys_days kEpoch = std::chrono::year(1899) / 12 / 30;
    constexpr std::chrono::sys_days kFalseLeapDay = std::chrono::year(1900) / 3 / 1;
    const std::chrono::sys_days days(day);
    auto serial = static_cast<double>((days - kEpoch).count() - (days < kFalseLeapDay ? 1 : 0));
    if (value.size() > 10) serial += (number(11, 2) * 3600 + number(14, 2) * 60 + number(17, 2)) / 86400.0;
    char buffer[32];
    const auto [end, ec] = std::to_chars(std::begin(buffer), std::end(buffer), serial);
    return ec == std::errc() ? std::string(buffer, end) : "";
}

XlsxWriter::XlsxWriter(ZipStream::Sink sink) : zip_(std::move(sink)) {}

void XlsxWriter::startSheet(std::string_view name)
{
    endSheet();
    sheets_.push_back({std::string(name)});
}

void XlsxWriter::openSheet(bool with_rows)
{
    const std::size_t index = sheets_.size();
    const Sheet& sheet = sheets_.back();
    zip_.begin("xl/worksheets/sheet" + std::to_string(index) + ".xml");
    xml_.append(kXmlDeclaration).append(R"(<worksheet xmlns=")").append(kMain);
    xml_.append(R"(" xmlns:r=")").append(kRelationships).append(R"("><sheetViews><sheetView)");
    if (index == 1) xml_.append(R"( tabSelected="1")");
    xml_.append(R"( workbookViewId="0">)");
    if (with_rows) {
        xml_.append(R"(<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>)");
        xml_.append(R"(<selection pane="bottomLeft"/>)");
    }
    xml_.append(R"(</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>)");
    if (with_rows && sheet.columns > 0) {
        xml_.append(R"(<cols><col min="1" max=")").append(std::to_string(sheet.columns));
        xml_.append(R"(" width=")").append(kColumnWidth).append(R"(" customWidth="1"/></cols>)");
    }
    xml_.append("<sheetData>");
    open_ = true;
}

void XlsxWriter::endSheet()
{
    if (sheets_.empty()) return;
    const Sheet& sheet = sheets_.back();
    if (!open_) openSheet(false);
    xml_.append("</sheetData>");
    if (sheet.rows > 0 && sheet.columns > 0) {
        xml_.append(R"(<autoFilter ref="A1:)").append(columnLetters(sheet.columns - 1));
        xml_.append(std::to_string(sheet.rows)).append(R"("/>)");
    }
    xml_.append(R"(<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>)");
    xml_.append("</worksheet>\n");
    zip_.write(xml_);
    xml_.clear();
    zip_.end();
    open_ = false;
}

void XlsxWriter::flushIfFull()
{
    if (xml_.size() < kFlushBytes) return;
    zip_.write(xml_);
    xml_.clear();
}

void XlsxWriter::appendText(std::string_view value, bool header)
{
    auto text = spreadsheetText(value, text_);
    if (text.size() > kMaxCellCharacters) text = withinLimit(text, limited_);
    xml_.append(header ? R"(" s="1" t="inlineStr"><is><t)" : R"(" t="inlineStr"><is><t)");
    // Excel drops the spaces and line breaks a text starts or ends with unless told to keep them.
    if (isSpace(text.front()) || isSpace(text.back())) xml_.append(R"( xml:space="preserve")");
    xml_.push_back('>');
    appendInlineText(xml_, text);
    xml_.append("</t></is></c>");
}

void XlsxWriter::writeRow(std::span<const ExportCell> cells)
{
    if (sheets_.empty()) startSheet("Feuille 1");
    Sheet& sheet = sheets_.back();
    if (sheet.rows >= kMaxSheetRows) {
        throw std::length_error("XLSX : une feuille contient au plus " + std::to_string(kMaxSheetRows) + " lignes");
    }
    const bool header = sheet.rows == 0;
    if (header) {
        sheet.columns = cells.size();
        openSheet(true);
    }
    const auto row = std::to_string(sheet.rows + 1);
    xml_.append(R"(<row r=")").append(row).append(R"(">)");
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const ExportCell& cell = cells[c];
        if (cell.value.empty()) continue;  // an empty cell is no cell
        if (c >= letters_.size()) letters_.push_back(columnLetters(c));
        xml_.append(R"(<c r=")").append(letters_[c]).append(row);
        switch (cell.kind) {
        case ExportCell::Kind::trusted_number:
            if (isPlainDecimalNumber(cell.value)) {
                if (header) xml_.append(R"(" s=")").append(kBold);
                xml_.append(R"("><v>)");
                for (const char ch : cell.value) xml_.push_back(ch == ',' ? '.' : ch);
                xml_.append("</v></c>");
                continue;
            }
            break;
        case ExportCell::Kind::trusted_time:
        case ExportCell::Kind::date: {
            const auto serial = excelSerial(cell.value);
            if (!serial.empty()) {
                xml_.append(R"(" s=")").append(cell.kind == ExportCell::Kind::date ? kDay : kTime);
                xml_.append(R"("><v>)").append(serial).append("</v></c>");
                continue;
            }
            break;
        }
        case ExportCell::Kind::text:
            break;
        }
        appendText(cell.value, header);
    }
    xml_.append("</row>");
    ++sheet.rows;
    flushIfFull();
}

void XlsxWriter::finish()
{
    if (sheets_.empty()) startSheet("Feuille 1");
    endSheet();

    std::string part(kXmlDeclaration);
    part.append(R"(<workbook xmlns=")").append(kMain).append(R"(" xmlns:r=")").append(kRelationships);
    part.append(R"("><workbookPr/><bookViews><workbookView/></bookViews><sheets>)");
    for (std::size_t i = 0; i < sheets_.size(); ++i) {
        const auto n = std::to_string(i + 1);
        part.append(R"(<sheet name=")");
        appendXmlEscaped(part, sheets_[i].name);
        part.append(R"(" sheetId=")").append(n).append(R"(" r:id="rId)").append(n).append(R"("/>)");
    }
    part.append("</sheets>");
    // The autofilters' ranges, as Excel names them.
    std::string names;
    for (std::size_t i = 0; i < sheets_.size(); ++i) {
        const Sheet& sheet = sheets_[i];
        if (sheet.rows == 0 || sheet.columns == 0) continue;
        names.append(R"(<definedName name="_xlnm._FilterDatabase" localSheetId=")").append(std::to_string(i));
        names.append(R"(" hidden="1">)");
        appendXmlEscaped(names, quotedSheetName(sheet.name) + "!$A$1:$" + columnLetters(sheet.columns - 1) + "$" +
                                    std::to_string(sheet.rows));
        names.append("</definedName>");
    }
    if (!names.empty()) part.append("<definedNames>").append(names).append("</definedNames>");
    part.append("</workbook>\n");
    zip_.addDeflated("xl/workbook.xml", part);

    part.assign(kXmlDeclaration)
        .append(R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)");
    for (std::size_t i = 0; i < sheets_.size(); ++i) {
        const auto n = std::to_string(i + 1);
        part.append(R"(<Relationship Id="rId)").append(n).append(R"(" Type=")").append(kRelationships);
        part.append(R"(/worksheet" Target="worksheets/sheet)").append(n).append(R"(.xml"/>)");
    }
    part.append(R"(<Relationship Id="rId)").append(std::to_string(sheets_.size() + 1)).append(R"(" Type=")");
    part.append(kRelationships).append(R"(/styles" Target="styles.xml"/></Relationships>)").append("\n");
    zip_.addDeflated("xl/_rels/workbook.xml.rels", part);

    part.assign(kXmlDeclaration).append(kStyles).append("\n");
    zip_.addDeflated("xl/styles.xml", part);

    part.assign(kXmlDeclaration)
        .append(R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)");
    part.append(R"(<Relationship Id="rId1" Type=")").append(kRelationships);
    part.append(R"(/officeDocument" Target="xl/workbook.xml"/></Relationships>)").append("\n");
    zip_.addDeflated("_rels/.rels", part);

    constexpr std::string_view kType = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
    part.assign(kXmlDeclaration)
        .append(R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)");
    part.append(
        R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)");
    part.append(R"(<Default Extension="xml" ContentType="application/xml"/>)");
    part.append(R"(<Override PartName="/xl/workbook.xml" ContentType=")").append(kType).append(R"(sheet.main+xml"/>)");
    for (std::size_t i = 0; i < sheets_.size(); ++i) {
        part.append(R"(<Override PartName="/xl/worksheets/sheet)").append(std::to_string(i + 1));
        part.append(R"(.xml" ContentType=")").append(kType).append(R"(worksheet+xml"/>)");
    }
    part.append(R"(<Override PartName="/xl/styles.xml" ContentType=")").append(kType).append(R"(styles+xml"/>)");
    part.append("</Types>\n");
    zip_.addDeflated("[Content_Types].xml", part);
    zip_.finish();
}

}  // namespace tnt::exports
