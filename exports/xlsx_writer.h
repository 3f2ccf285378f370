// An XLSX workbook written with libxlsxwriter in its constant-memory mode: each row goes to a temporary file
// as soon as the next one starts, so a million-row export keeps the memory of one row. libxlsxwriter
// assembles the ZIP only when the workbook closes, and only into a named file: the caller gives that file
// (the CLI's partial file, or the HTTP download's temporary file, which is unlinked as soon as it is open
// again for sending — exports/README.md says why this format, unlike CSV and ODS, is not sent as it is made).
//
// Cells: text as inline strings (never formulas, whatever they start with), numbers as numbers, Paris times
// and answered dates as date cells shown "jj/mm/aaaa hh:mm:ss" and "jj/mm/aaaa". Each sheet's header row is
// bold and frozen, with an autofilter over the sheet's rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "exports/row_sink.h"

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace tnt::exports {

class XlsxWriter final : public SpreadsheetWriter {
public:
    // `path`: the file to create (replaced if it exists); `tempDir`: where the rows wait meanwhile.
    // Throws std::runtime_error when the workbook cannot be created.
    XlsxWriter(const std::string& path, const std::string& tempDir);
    ~XlsxWriter() override;
    XlsxWriter(const XlsxWriter&) = delete;
    XlsxWriter& operator=(const XlsxWriter&) = delete;

    void startSheet(std::string_view name) override;
    // Throws std::length_error past kMaxSheetRows rows, std::runtime_error when libxlsxwriter fails.
    void writeRow(std::span<const ExportCell> cells) override;
    // Writes the file. Throws std::runtime_error when it cannot (disk full).
    void finish() override;

private:
    void endSheet();
    // Returns libxlsxwriter's lxw_error.
    int writeText(std::uint32_t row, std::uint16_t column, const std::string& value, lxw_format* format);

    lxw_workbook* workbook_ = nullptr;
    lxw_worksheet* sheet_ = nullptr;
    lxw_format* header_ = nullptr;
    lxw_format* time_ = nullptr;
    lxw_format* day_ = nullptr;
    std::size_t row_ = 0;
    std::size_t columns_ = 0;
    std::string scratch_;  // a number's text with a decimal point
    std::string text_;  // a text cell's line breaks and control characters made spreadsheet-safe
    std::string limited_;  // a text cell cut to Excel's limit
};

}  // namespace tnt::exports
