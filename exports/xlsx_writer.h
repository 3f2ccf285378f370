// An Office Open XML workbook (XLSX) streamed to a sink as it is written, like the ODS: each sheet's XML
// deflated row by row into the ZIP (exports/zip_stream.h), then the small parts (workbook, styles,
// relationships, content types) at the end. Memory holds one row's XML and zlib's window, whatever the row
// count; nothing goes to disk.
//
// Cells: text as inline strings (never formulas, whatever they start with), numbers as numbers, Paris times
// and answered dates as date cells shown "jj/mm/aaaa hh:mm:ss" and "jj/mm/aaaa". Each sheet's header row is
// bold and frozen, with an autofilter over the sheet's rows.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "exports/row_sink.h"
#include "exports/zip_stream.h"

namespace tnt::exports {

class XlsxWriter final : public SpreadsheetWriter {
public:
    explicit XlsxWriter(ZipStream::Sink sink);

    void startSheet(std::string_view name) override;
    // Throws std::length_error past kMaxSheetRows rows.
    void writeRow(std::span<const ExportCell> cells) override;
    void finish() override;

private:
    struct Sheet {
        std::string name;
        std::size_t rows = 0;
        std::size_t columns = 0;
    };

    // The sheet's XML up to its rows: the frozen header's view and the columns' width when it has rows.
    void openSheet(bool with_rows);
    void endSheet();
    void flushIfFull();
    void appendText(std::string_view value, bool header);

    ZipStream zip_;
    std::vector<Sheet> sheets_;
    bool open_ = false;  // the last sheet's entry is begun and its <sheetData> not closed
    std::string xml_;  // the sheet's XML not yet handed to the ZIP
    std::vector<std::string> letters_;  // the columns' letters in cell addresses, "A", "B", … as far as written
    std::string text_;  // a text cell's line breaks and control characters made spreadsheet-safe
    std::string limited_;  // a text cell cut to Excel's limit
};

// The serial number Excel gives a day and time ("2026-12-01 05:03:09" → "46357.21052083333"), or "" when
// Excel has none (before 1900, a day that does not exist). For tests.
std::string excelSerial(std::string_view value);

}  // namespace tnt::exports
