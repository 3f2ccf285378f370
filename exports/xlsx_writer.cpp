#include "exports/xlsx_writer.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <string>

#include <xlsxwriter.h>

namespace tnt::exports {

namespace {

// What a cell holds at most, in characters (Excel's limit; libxlsxwriter refuses longer strings).
constexpr std::size_t kMaxCellCharacters = 32767;
constexpr std::string_view kCut = "[…]";  // the marker of a text cut to the limit
constexpr std::size_t kCutCharacters = 3;
constexpr double kColumnWidth = 22;  // characters: a header of a few words, a date

void check(lxw_error error, const char* what)
{
    if (error != LXW_NO_ERROR) throw std::runtime_error(std::string("XLSX : ") + what + " : " + lxw_strerror(error));
}

int digits(std::string_view text, std::size_t at, std::size_t n)
{
    int value = 0;
    std::from_chars(text.data() + at, text.data() + at + n, value);
    return value;
}

// "2026-12-01" or "2026-12-01 05:03:09" (shapes checked by the row builders), or nothing when Excel has
// no such date (before 1900, or a month 13 typed through the API).
bool toDateTime(std::string_view text, lxw_datetime& out)
{
    out = {};
    out.year = digits(text, 0, 4);
    out.month = digits(text, 5, 2);
    out.day = digits(text, 8, 2);
    if (text.size() >= 19) {
        out.hour = digits(text, 11, 2);
        out.min = digits(text, 14, 2);
        out.sec = digits(text, 17, 2);
    }
    return out.year >= 1900 && out.month >= 1 && out.month <= 12 && out.day >= 1 && out.day <= 31 && out.hour < 24 &&
           out.min < 60 && out.sec < 60;
}

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

}  // namespace

int XlsxWriter::writeText(std::uint32_t row, std::uint16_t column, const std::string& value, lxw_format* format)
{
    auto text = spreadsheetText(value, text_);
    if (text.size() > kMaxCellCharacters) text = withinLimit(text, limited_);
    // libxlsxwriter reads up to the NUL: the view is either `value` whole or a whole scratch string.
    return static_cast<int>(worksheet_write_string(sheet_, row, column, text.data(), format));
}

XlsxWriter::XlsxWriter(const std::string& path, const std::string& tempDir)
{
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = const_cast<char*>(tempDir.c_str());  // read only, by the library's own contract
    options.use_zip64 = LXW_TRUE;  // a million rows of long answers can pass 4 GiB before compression
    workbook_ = workbook_new_opt(path.c_str(), &options);
    if (workbook_ == nullptr) throw std::runtime_error("XLSX : impossible de créer " + path);
    header_ = workbook_add_format(workbook_);
    format_set_bold(header_);
    time_ = workbook_add_format(workbook_);
    format_set_num_format(time_, "dd/mm/yyyy hh:mm:ss");
    day_ = workbook_add_format(workbook_);
    format_set_num_format(day_, "dd/mm/yyyy");
}

XlsxWriter::~XlsxWriter()
{
    // Not finished (an error, the client gone): the library's memory and temporary files are freed; the
    // partial output is the caller's to remove.
    if (workbook_ != nullptr) lxw_workbook_free(workbook_);
}

void XlsxWriter::startSheet(std::string_view name)
{
    endSheet();
    const std::string title(name);
    sheet_ = workbook_add_worksheet(workbook_, title.c_str());
    if (sheet_ == nullptr) throw std::runtime_error("XLSX : impossible d'ajouter la feuille " + title);
    row_ = 0;
    columns_ = 0;
}

void XlsxWriter::endSheet()
{
    if (sheet_ == nullptr || row_ == 0 || columns_ == 0) return;
    check(worksheet_autofilter(sheet_, 0, 0, static_cast<lxw_row_t>(row_ - 1), static_cast<lxw_col_t>(columns_ - 1)),
          "filtre");
}

void XlsxWriter::writeRow(std::span<const ExportCell> cells)
{
    if (sheet_ == nullptr) startSheet("Feuille 1");
    if (row_ >= kMaxSheetRows) {
        throw std::length_error("XLSX : une feuille contient au plus " + std::to_string(kMaxSheetRows) + " lignes");
    }
    const auto row = static_cast<lxw_row_t>(row_);
    if (row_ == 0) {
        // Column widths go before the rows in constant-memory mode; the header says how many there are.
        columns_ = cells.size();
        if (columns_ > 0) {
            check(worksheet_set_column(sheet_, 0, static_cast<lxw_col_t>(columns_ - 1), kColumnWidth, nullptr),
                  "colonnes");
        }
        worksheet_freeze_panes(sheet_, 1, 0);
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const ExportCell& cell = cells[c];
        if (cell.value.empty()) continue;  // an empty cell is no cell
        const auto column = static_cast<lxw_col_t>(c);
        lxw_format* format = row_ == 0 ? header_ : nullptr;
        lxw_error error = LXW_NO_ERROR;
        lxw_datetime when{};
        switch (cell.kind) {
        case ExportCell::Kind::trusted_number: {
            double value = 0;
            scratch_.assign(cell.value);
            for (char& ch : scratch_) {
                if (ch == ',') ch = '.';
            }
            const auto [end, ec] = std::from_chars(scratch_.data(), scratch_.data() + scratch_.size(), value);
            if (ec == std::errc() && end == scratch_.data() + scratch_.size()) {
                error = worksheet_write_number(sheet_, row, column, value, format);
                break;
            }
            error = static_cast<lxw_error>(writeText(row, column, cell.value, format));
            break;
        }
        case ExportCell::Kind::trusted_time:
        case ExportCell::Kind::date:
            if (toDateTime(cell.value, when)) {
                error = worksheet_write_datetime(sheet_, row, column, &when,
                                                 cell.kind == ExportCell::Kind::date ? day_ : time_);
                break;
            }
            [[fallthrough]];
        case ExportCell::Kind::text:
            error = static_cast<lxw_error>(writeText(row, column, cell.value, format));
            break;
        }
        check(error, "cellule");
    }
    ++row_;
}

void XlsxWriter::finish()
{
    if (sheet_ == nullptr) startSheet("Feuille 1");
    endSheet();
    lxw_workbook* workbook = workbook_;
    workbook_ = nullptr;  // closed (and freed) whatever it answers
    check(workbook_close(workbook), "écriture du fichier");
}

}  // namespace tnt::exports
