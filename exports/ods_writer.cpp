#include "exports/ods_writer.h"

#include <stdexcept>

#include "exports/csv_writer.h"
#include "exports/spreadsheet_xml.h"

namespace tnt::exports {

namespace {

constexpr std::string_view kMimeType = "application/vnd.oasis.opendocument.spreadsheet";
constexpr std::size_t kFlushBytes = 64 * 1024;

constexpr std::string_view kNamespaces = R"( xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0")"
                                         R"( xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0")"
                                         R"( xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0")"
                                         R"( xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0")"
                                         R"( xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0")"
                                         R"( xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0")"
                                         R"( xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0")"
                                         R"( xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0")"
                                         R"( office:version="1.3")";

// Column width, a day and a time, and the bold header: what content.xml's cells refer to.
constexpr std::string_view kAutomaticStyles =
    R"(<office:automatic-styles>)"
    R"(<style:style style:name="co1" style:family="table-column">)"
    R"(<style:table-column-properties style:column-width="4.5cm"/></style:style>)"
    R"(<number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text>)"
    R"(<number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/>)"
    R"(</number:date-style>)"
    R"(<number:date-style style:name="N2"><number:day number:style="long"/><number:text>/</number:text>)"
    R"(<number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/>)"
    R"(<number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text>)"
    R"(<number:minutes number:style="long"/><number:text>:</number:text><number:seconds number:style="long"/>)"
    R"(</number:date-style>)"
    R"(<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>)"
    R"(<style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"/>)"
    R"(<style:style style:name="ce3" style:family="table-cell"><style:text-properties fo:font-weight="bold"/>)"
    R"(</style:style>)"
    R"(</office:automatic-styles>)";

void appendSpaces(std::string& out, std::size_t n)
{
    out.append("<text:s");
    if (n > 1) out.append(" text:c=\"").append(std::to_string(n)).append("\"");
    out.append("/>");
}

// "2026-12-01 05:03:09" → "2026-12-01T05:03:09"; "2026-12-01" as it is.
void appendDateValue(std::string& out, std::string_view value)
{
    if (value.size() > 10) {
        out.append(value.substr(0, 10)).push_back('T');
        out.append(value.substr(11));
    } else {
        out.append(value);
    }
}

}  // namespace

void appendOdsParagraphs(std::string& out, std::string_view text)
{
    out.append("<text:p>");
    std::size_t spaces = 0;
    bool lineStart = true;
    const auto flushSpaces = [&](bool lineEnd) {
        if (spaces == 0) return;
        // XML collapses spaces at a line's ends and in runs: all of them but one between words are written out.
        if (lineStart || lineEnd) {
            appendSpaces(out, spaces);
        } else {
            out.push_back(' ');
            if (spaces > 1) appendSpaces(out, spaces - 1);
        }
        spaces = 0;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ') {
            ++spaces;
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;  // "\r\n" is one line break
            flushSpaces(true);
            out.append("</text:p><text:p>");
            lineStart = true;
            continue;
        }
        flushSpaces(false);
        lineStart = false;
        // A tab stays a tab character: LibreOffice Calc keeps it in a cell, where it drops <text:tab/>.
        appendXmlEscaped(out, std::string_view(&c, 1));
    }
    flushSpaces(true);
    out.append("</text:p>");
}

OdsWriter::OdsWriter(ZipStream::Sink sink) : zip_(std::move(sink))
{
    zip_.addStored("mimetype", kMimeType);
    zip_.begin("content.xml");
    xml_.append(R"(<?xml version="1.0" encoding="UTF-8"?>)").append("\n<office:document-content");
    xml_.append(kNamespaces).append(">");
    xml_.append(kAutomaticStyles);
    xml_.append("<office:body><office:spreadsheet>");
}

void OdsWriter::startSheet(std::string_view name)
{
    endSheet();
    sheets_.push_back({std::string(name)});
}

void OdsWriter::endSheet()
{
    if (sheets_.empty()) return;
    const Sheet& sheet = sheets_.back();
    if (!open_) {
        // A sheet without rows still needs a column and a row to be a valid table.
        xml_.append(R"(<table:table table:name=")");
        appendXmlEscaped(xml_, sheet.name);
        xml_.append(R"("><table:table-column/><table:table-row><table:table-cell/></table:table-row>)");
    }
    xml_.append("</table:table>");
    open_ = false;
}

void OdsWriter::flushIfFull()
{
    if (xml_.size() < kFlushBytes) return;
    zip_.write(xml_);
    xml_.clear();
}

void OdsWriter::writeRow(std::span<const ExportCell> cells)
{
    if (sheets_.empty()) startSheet("Feuille 1");
    Sheet& sheet = sheets_.back();
    if (sheet.rows >= kMaxSheetRows) {
        throw std::length_error("ODS : une feuille contient au plus " + std::to_string(kMaxSheetRows) + " lignes");
    }
    const bool header = sheet.rows == 0;
    if (header) {
        sheet.columns = std::max<std::size_t>(cells.size(), 1);
        xml_.append(R"(<table:table table:name=")");
        appendXmlEscaped(xml_, sheet.name);
        xml_.append(R"("><table:table-column table:style-name="co1" table:number-columns-repeated=")")
            .append(std::to_string(sheet.columns))
            .append(R"("/><table:table-header-rows>)");
        open_ = true;
    }
    xml_.append("<table:table-row>");
    for (const ExportCell& cell : cells) {
        if (cell.value.empty()) {
            xml_.append("<table:table-cell/>");
            continue;
        }
        switch (cell.kind) {
        case ExportCell::Kind::trusted_number:
            if (isPlainDecimalNumber(cell.value)) {
                xml_.append(R"(<table:table-cell office:value-type="float" office:value=")");
                for (const char c : cell.value) xml_.push_back(c == ',' ? '.' : c);
                xml_.append(header ? R"(" table:style-name="ce3"/>)" : R"("/>)");
                continue;
            }
            break;
        case ExportCell::Kind::trusted_time:
        case ExportCell::Kind::date: {
            const bool day = cell.kind == ExportCell::Kind::date;
            if ((day ? isPlainDate(cell.value) : isPlainDateTime(cell.value)) && isValidDateShape(cell.value)) {
                xml_.append(R"(<table:table-cell table:style-name=")").append(day ? "ce1" : "ce2");
                xml_.append(R"(" office:value-type="date" office:date-value=")");
                appendDateValue(xml_, cell.value);
                xml_.append(R"("/>)");
                continue;
            }
            break;
        }
        case ExportCell::Kind::text:
            break;
        }
        xml_.append(header ? R"(<table:table-cell table:style-name="ce3" office:value-type="string">)"
                           : R"(<table:table-cell office:value-type="string">)");
        appendOdsParagraphs(xml_, spreadsheetText(cell.value, scratch_));
        xml_.append("</table:table-cell>");
    }
    xml_.append("</table:table-row>");
    if (header) xml_.append("</table:table-header-rows>");
    ++sheet.rows;
    flushIfFull();
}

void OdsWriter::finish()
{
    endSheet();
    if (sheets_.empty()) {
        startSheet("Feuille 1");
        endSheet();
    }
    // The autofilter of each sheet, over the rows it got.
    xml_.append("<table:database-ranges>");
    for (std::size_t i = 0; i < sheets_.size(); ++i) {
        const Sheet& sheet = sheets_[i];
        if (sheet.rows == 0) continue;
        const auto quoted = quotedSheetName(sheet.name);
        xml_.append(R"(<table:database-range table:name="__Anonymous_Sheet_DB__)").append(std::to_string(i));
        xml_.append(R"(" table:target-range-address=")");
        appendXmlEscaped(
            xml_, quoted + ".A1:" + quoted + "." + columnLetters(sheet.columns - 1) + std::to_string(sheet.rows));
        xml_.append(R"(" table:display-filter-buttons="true"/>)");
    }
    xml_.append("</table:database-ranges>");
    xml_.append("</office:spreadsheet></office:body></office:document-content>\n");
    zip_.write(xml_);
    xml_.clear();
    zip_.end();

    std::string part;
    part.append(R"(<?xml version="1.0" encoding="UTF-8"?>)").append("\n<office:document-styles");
    part.append(kNamespaces).append("><office:styles/></office:document-styles>\n");
    zip_.addDeflated("styles.xml", part);

    part.assign(R"(<?xml version="1.0" encoding="UTF-8"?>)").append("\n<office:document-meta");
    part.append(kNamespaces).append("><office:meta><meta:generator>tnt-forms</meta:generator></office:meta>");
    part.append("</office:document-meta>\n");
    zip_.addDeflated("meta.xml", part);

    // Each sheet's header row frozen (the view's vertical split after row 1).
    part.assign(R"(<?xml version="1.0" encoding="UTF-8"?>)").append("\n<office:document-settings");
    part.append(kNamespaces).append(R"(><office:settings><config:config-item-set config:name="ooo:view-settings">)");
    part.append(R"(<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>)");
    part.append(R"(<config:config-item config:name="ViewId" config:type="string">view1</config:config-item>)");
    part.append(R"(<config:config-item-map-named config:name="Tables">)");
    for (const Sheet& sheet : sheets_) {
        part.append(R"(<config:config-item-map-entry config:name=")");
        appendXmlEscaped(part, sheet.name);
        part.append(R"(">)");
        part.append(
            R"(<config:config-item config:name="VerticalSplitMode" config:type="short">2</config:config-item>)");
        part.append(
            R"(<config:config-item config:name="VerticalSplitPosition" config:type="int">1</config:config-item>)");
        part.append(R"(<config:config-item config:name="ActiveSplitRange" config:type="short">2</config:config-item>)");
        part.append(R"(<config:config-item config:name="PositionTop" config:type="int">0</config:config-item>)");
        part.append(R"(<config:config-item config:name="PositionBottom" config:type="int">1</config:config-item>)");
        part.append("</config:config-item-map-entry>");
    }
    part.append("</config:config-item-map-named></config:config-item-map-entry></config:config-item-map-indexed>");
    part.append("</config:config-item-set></office:settings></office:document-settings>\n");
    zip_.addDeflated("settings.xml", part);

    part.assign(R"(<?xml version="1.0" encoding="UTF-8"?>)").append("\n");
    part.append(R"(<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0")");
    part.append(R"( manifest:version="1.3">)");
    part.append(R"(<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type=")");
    part.append(kMimeType).append(R"("/>)");
    for (const char* entry : {"content.xml", "styles.xml", "meta.xml", "settings.xml"}) {
        part.append(R"(<manifest:file-entry manifest:full-path=")").append(entry);
        part.append(R"(" manifest:media-type="text/xml"/>)");
    }
    part.append("</manifest:manifest>\n");
    zip_.addDeflated("META-INF/manifest.xml", part);
    zip_.finish();
}

}  // namespace tnt::exports
