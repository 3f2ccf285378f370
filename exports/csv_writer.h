// Streams CSV rows to a sink (an HTTP chunk writer, a file, a test string) with flat memory: one reused
// buffer, flushed to the sink whenever it passes a threshold. Inner quotes are doubled by libcsv;
// formula injection is neutralised here so that no answer typed by a respondent becomes a formula in a
// pilot's spreadsheet.
//
// Every non-empty text is quoted, in both dialects, whatever it contains: LibreOffice's import dialog
// splits on ',', ';' and Tab together by default, and only quotes keep such a cell (and a multi-line
// answer) whole whichever separators the reader guesses. Values we formatted ourselves (numbers, times)
// stay bare so spreadsheets read them as numbers, unless they hold a ',' (a decimal comma), quoted too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "exports/csv_dialect.h"
#include "exports/row_sink.h"

namespace tnt::exports {

class CsvWriter final : public RowSink {
public:
    using Sink = std::function<void(std::string_view)>;

    static constexpr std::size_t defaultFlushThreshold = 64 * 1024;

    // The BOM (excel) is written with the first row, so a writer that writes nothing produces nothing.
    CsvWriter(CsvDialect dialect, Sink sink, std::size_t flushThreshold = defaultFlushThreshold);

    // Cell by cell, for callers that do not want to build a row at all.
    void writeText(std::string_view text);
    // A number we formatted ourselves. Should it not look like a plain decimal number (a caller's mistake),
    // it is written as text, neutralisation included: marking a cell "trusted" must never let a formula in.
    void writeNumber(std::string_view number);
    // A local date and time we formatted ourselves ("2026-12-01 05:03:09"), checked like writeNumber.
    void writeTime(std::string_view time);
    void endRow();

    void writeRow(std::span<const ExportCell> cells) override;
    void writeRow(std::span<const std::string> texts);
    void writeRow(std::initializer_list<std::string_view> texts);

    // Hands what is buffered to the sink. Call it at the end: the destructor does not flush, because a sink
    // (a closed connection) may throw and a destructor must not.
    void flush();

    const CsvDialect& dialect() const { return dialect_; }
    std::uint64_t rowsWritten() const { return rows_; }

private:
    void startOutput();
    void startCell();
    void appendText(std::string_view text);
    void appendValue(std::string_view value);
    void appendQuoted(std::string_view field);

    CsvDialect dialect_;
    Sink sink_;
    std::size_t flushThreshold_;
    std::string buffer_;
    std::string scratch_;  // reused for neutralised cells, to keep allocations out of the row loop
    std::uint64_t rows_ = 0;
    bool started_ = false;
    bool rowHasCells_ = false;
};

// True for the cells a spreadsheet could take for a formula (OWASP "CSV injection"):
// they start with '=', '+', '-', '@', a tab or a carriage return.
bool looksLikeFormula(std::string_view text);

// The text as written in a cell: a quote before every line that looks like a formula, the first one and
// every one after a line break, because a reader that splits on line breaks (or on another separator than
// ours) makes each line a cell of its own.
void appendNeutralised(std::string& out, std::string_view text);

}  // namespace tnt::exports
