#include "exports/csv_writer.h"

#include <csv.h>

namespace tnt::exports {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool needsQuotes(std::string_view field, char separator) {
    if (field.empty()) return false;
    // Leading or trailing blanks are quoted because many readers (libcsv's default among them) trim them.
    if (field.front() == ' ' || field.front() == '\t' || field.back() == ' ' || field.back() == '\t') return true;
    for (char c : field) {
        if (c == separator || c == '"' || c == '\r' || c == '\n') return true;
    }
    return false;
}

}  // namespace

bool looksLikeFormula(std::string_view text) {
    if (text.empty()) return false;
    switch (text.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return true;
        default:
            return false;
    }
}

bool isPlainDecimalNumber(std::string_view text) {
    std::size_t i = 0;
    if (i < text.size() && text[i] == '-') ++i;
    const std::size_t intStart = i;
    while (i < text.size() && isDigit(text[i])) ++i;
    if (i == intStart) return false;
    if (i == text.size()) return true;
    if (text[i] != '.' && text[i] != ',') return false;
    const std::size_t fracStart = ++i;
    while (i < text.size() && isDigit(text[i])) ++i;
    return i > fracStart && i == text.size();
}

CsvWriter::CsvWriter(CsvDialect dialect, Sink sink, std::size_t flushThreshold)
    : dialect_(dialect), sink_(std::move(sink)), flushThreshold_(flushThreshold) {
    // Room for a threshold's worth plus a typical row, so steady-state writing never reallocates.
    buffer_.reserve(flushThreshold_ + 4096);
}

void CsvWriter::startOutput() {
    if (started_) return;
    started_ = true;
    if (dialect_.byteOrderMark) buffer_.append(CsvDialect::utf8ByteOrderMark);
}

void CsvWriter::startCell() {
    startOutput();
    if (rowHasCells_) buffer_.push_back(dialect_.separator);
    rowHasCells_ = true;
}

void CsvWriter::appendField(std::string_view field, bool neutralise) {
    startCell();
    // The quote is part of the value once the reader has unquoted it, which is what Excel and
    // LibreOffice need to show the text instead of evaluating it.
    const bool prefix = neutralise && looksLikeFormula(field);
    if (!prefix && !needsQuotes(field, dialect_.separator)) {
        buffer_.append(field);
        return;
    }
    std::string_view source = field;
    if (prefix) {
        scratch_.assign(1, '\'');
        scratch_.append(field);
        source = scratch_;
        if (!needsQuotes(source, dialect_.separator)) {
            buffer_.append(source);
            return;
        }
    }
    // csv_write2 quotes the whole field and doubles inner quotes: at worst 2n + 2 bytes.
    const std::size_t at = buffer_.size();
    const std::size_t room = source.size() * 2 + 2;
    buffer_.resize(at + room);
    const std::size_t written = csv_write2(buffer_.data() + at, room, source.data(), source.size(), '"');
    buffer_.resize(at + written);
}

void CsvWriter::writeText(std::string_view text) { appendField(text, true); }

void CsvWriter::writeNumber(std::string_view number) { appendField(number, !isPlainDecimalNumber(number)); }

void CsvWriter::endRow() {
    startOutput();  // an empty first row still gets its BOM
    buffer_.append(CsvDialect::lineEnd);
    rowHasCells_ = false;
    ++rows_;
    if (buffer_.size() >= flushThreshold_) flush();
}

void CsvWriter::writeRow(std::span<const CsvCell> cells) {
    for (const CsvCell& cell : cells) {
        if (cell.kind == CsvCell::Kind::trusted_number) {
            writeNumber(cell.value);
        } else {
            writeText(cell.value);
        }
    }
    endRow();
}

void CsvWriter::writeRow(std::span<const std::string> texts) {
    for (const std::string& text : texts) writeText(text);
    endRow();
}

void CsvWriter::writeRow(std::initializer_list<std::string_view> texts) {
    for (std::string_view text : texts) writeText(text);
    endRow();
}

void CsvWriter::flush() {
    if (buffer_.empty()) return;
    sink_(buffer_);
    buffer_.clear();
}

}  // namespace tnt::exports
