#include "exports/csv_writer.h"

#include <csv.h>

namespace tnt::exports {

namespace {

bool isFormulaStart(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// A line starts the text and follows every line break; "\r\n" is one line break.
bool startsLine(std::string_view text, std::size_t i)
{
    return i == 0 || text[i - 1] == '\n' || (text[i - 1] == '\r' && text[i] != '\n');
}

bool isFormulaLine(std::string_view text, std::size_t i)
{
    return startsLine(text, i) && isFormulaStart(text[i]);
}

// Whether appendNeutralised would add anything, so the common text is quoted without a copy: the first
// character, then only the characters after a line break.
bool hasFormulaLine(std::string_view text)
{
    if (!text.empty() && isFormulaStart(text.front())) return true;
    // A plain loop: find_first_of("\r\n") calls memchr once per character.
    for (std::size_t i = 1; i < text.size(); ++i) {
        const char previous = text[i - 1];
        if ((previous == '\n' || previous == '\r') && isFormulaLine(text, i)) return true;
    }
    return false;
}

}  // namespace

bool looksLikeFormula(std::string_view text)
{
    return !text.empty() && isFormulaStart(text.front());
}

void appendNeutralised(std::string& out, std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        // The quote is part of the value once the reader has unquoted it, which is what Excel and
        // LibreOffice need to show the text instead of evaluating it.
        if (isFormulaLine(text, i)) out.push_back('\'');
        out.push_back(text[i]);
    }
}

CsvWriter::CsvWriter(CsvDialect dialect, Sink sink, std::size_t flushThreshold)
    : dialect_(dialect), sink_(std::move(sink)), flushThreshold_(flushThreshold)
{
    // Room for a threshold's worth plus a typical row, so steady-state writing never reallocates.
    buffer_.reserve(flushThreshold_ + 4096);
}

void CsvWriter::startOutput()
{
    if (started_) return;
    started_ = true;
    if (dialect_.byteOrderMark) buffer_.append(CsvDialect::utf8ByteOrderMark);
}

void CsvWriter::startCell()
{
    startOutput();
    if (rowHasCells_) buffer_.push_back(dialect_.separator);
    rowHasCells_ = true;
}

void CsvWriter::appendText(std::string_view text)
{
    startCell();
    if (text.empty()) return;  // nothing to keep whole, and "not answered" stays an empty cell
    if (!hasFormulaLine(text)) {
        appendQuoted(text);  // the common case, without a copy
        return;
    }
    scratch_.clear();
    appendNeutralised(scratch_, text);
    appendQuoted(scratch_);
}

void CsvWriter::appendValue(std::string_view value)
{
    startCell();
    // A decimal comma would split the cell for a reader that also splits on ','.
    if (value.find(',') == std::string_view::npos) {
        buffer_.append(value);
    } else {
        appendQuoted(value);
    }
}

void CsvWriter::appendQuoted(std::string_view field)
{
    if (field.find('"') == std::string_view::npos) {
        // Nothing to double, the common case now that every text is quoted: no call per character.
        buffer_.push_back('"');
        buffer_.append(field);
        buffer_.push_back('"');
        return;
    }
    // csv_write2 quotes the whole field and doubles inner quotes: at worst 2n + 2 bytes.
    const std::size_t at = buffer_.size();
    const std::size_t room = field.size() * 2 + 2;
    buffer_.resize(at + room);
    const std::size_t written = csv_write2(buffer_.data() + at, room, field.data(), field.size(), '"');
    buffer_.resize(at + written);
}

void CsvWriter::writeText(std::string_view text)
{
    appendText(text);
}

void CsvWriter::writeNumber(std::string_view number)
{
    if (isPlainDecimalNumber(number)) {
        appendValue(number);
    } else {
        appendText(number);
    }
}

void CsvWriter::writeTime(std::string_view time)
{
    if (isPlainDateTime(time)) {
        appendValue(time);
    } else {
        appendText(time);
    }
}

void CsvWriter::endRow()
{
    startOutput();  // an empty first row still gets its BOM
    buffer_.append(CsvDialect::lineEnd);
    rowHasCells_ = false;
    ++rows_;
    if (buffer_.size() >= flushThreshold_) flush();
}

void CsvWriter::writeRow(std::span<const ExportCell> cells)
{
    for (const ExportCell& cell : cells) {
        switch (cell.kind) {
        case ExportCell::Kind::trusted_number:
            writeNumber(cell.value);
            break;
        case ExportCell::Kind::trusted_time:
            writeTime(cell.value);
            break;
        case ExportCell::Kind::text:
        case ExportCell::Kind::date:  // as typed, like before spreadsheets had date cells
            writeText(cell.value);
            break;
        }
    }
    endRow();
}

void CsvWriter::writeRow(std::span<const std::string> texts)
{
    for (const std::string& text : texts) writeText(text);
    endRow();
}

void CsvWriter::writeRow(std::initializer_list<std::string_view> texts)
{
    for (std::string_view text : texts) writeText(text);
    endRow();
}

void CsvWriter::flush()
{
    if (buffer_.empty()) return;
    sink_(buffer_);
    buffer_.clear();
}

}  // namespace tnt::exports
