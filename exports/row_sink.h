// The rows of an export, whatever file they go to: a CSV (exports/csv_writer.h), or a sheet of an XLSX or
// ODS workbook (exports/xlsx_writer.h, exports/ods_writer.h). The row builders (the responses' columns,
// the statistics table) fill typed cells once; each writer turns the types into what its format has:
// a bare or quoted CSV field, a number or date cell of a spreadsheet.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace tnt::exports {

// A cell of a row being prepared for a writer. Owning, so a row buffer can be reused across rows (clearing
// a std::string keeps its capacity).
struct ExportCell {
    enum class Kind {
        // Typed by a person. CSV: quoted, each line that could start a formula neutralised. Spreadsheets: a
        // text cell, which is never a formula whatever it holds.
        text,
        trusted_number,  // a number we formatted ourselves ("-3", "3,5", "3.5"): a number
        trusted_time,  // a Paris time we formatted ourselves ("2026-12-01 05:03:09"): bare in CSV, a date-time cell
        // A calendar day typed by a person and checked ("2026-12-01"): a date cell in a spreadsheet; in CSV the
        // text as typed, like any answer.
        date,
    };
    std::string value;
    Kind kind = Kind::text;
};

// Takes the rows of one table, header first.
class RowSink {
public:
    virtual ~RowSink() = default;
    virtual void writeRow(std::span<const ExportCell> cells) = 0;
};

// A workbook written sheet after sheet and row after row, holding no more than a row in memory. Each sheet's
// first row is its header: bold, frozen and filtered.
class SpreadsheetWriter : public RowSink {
public:
    // Starts a sheet; the sheet before it is complete.
    virtual void startSheet(std::string_view name) = 0;
    // Completes the workbook; nothing is written after.
    virtual void finish() = 0;
};

// The most rows a sheet holds in Excel (2^20) and LibreOffice Calc (7.4, its default): header included.
inline constexpr std::size_t kMaxSheetRows = 1048576;

// True for "-12", "3.5", "3,5": an optional minus, digits, and an optional decimal part.
bool isPlainDecimalNumber(std::string_view text);

// True for "2026-12-01 05:03:09" exactly: what spreadsheets recognise as a date and time in any locale.
bool isPlainDateTime(std::string_view text);

// True for "2026-12-01": a calendar day as date questions store it.
bool isPlainDate(std::string_view text);

// The text of a spreadsheet cell, one rule for XLSX and ODS: line breaks as "\n" (what Alt+Entrée makes in
// Excel and Ctrl+Entrée in Calc; "\r\n" and a lone "\r" become one), and the control characters XML cannot
// hold replaced by U+FFFD. Returns `text` itself when nothing changes, else a view of `scratch`.
std::string_view spreadsheetText(std::string_view text, std::string& scratch);

}  // namespace tnt::exports
