// What the import reads records from: a CSV file (CsvReader) or the first sheet of an XLSX workbook
// (XlsxReader), one record at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tnt::exports {

struct CsvRecord {
    std::vector<std::string> fields;
    // 1-based physical line where the record starts (a quoted newline makes a record span several lines),
    // so that reject reports point where a person looking at the file would look.
    std::size_t line = 0;
};

class RecordReader {
public:
    virtual ~RecordReader() = default;
    // Fills `record` with the next record; false at the end.
    virtual bool next(CsvRecord& record) = 0;
    // CSV only: lines read as Windows-1252.
    virtual std::uint64_t linesConvertedFromWindows1252() const { return 0; }
    // Whether a row ends at its last filled cell (a sheet does not store empty cells): a short row is then
    // not a damaged one, its missing cells are empty.
    virtual bool endsRowsAtLastFilledCell() const { return false; }
};

// The reader for `path`: an XLSX workbook when it is a ZIP file (it starts with "PK\3\4"), else a CSV file
// (UTF-8, Windows-1252 or UTF-16). Throws CsvReadError (csv_reader.h) or XlsxReadError (xlsx_reader.h).
std::unique_ptr<RecordReader> openRecordReader(const std::filesystem::path& path);

}  // namespace tnt::exports
