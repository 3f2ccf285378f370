// Reads CSV files to import (framaforms, Airtable, Excel saves) and our own exports in tests, one record
// at a time with libcsv so a large file never sits in memory. It guesses what such files vary in: the
// separator (',', ';' or tab, from the header line), a UTF-8 BOM, Windows-1252 instead of UTF-8, and UTF-16
// with its BOM (utf16_stream.h: Webform's "Excel" download, Excel's "Unicode text"), decoded as it is read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <istream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "exports/record_reader.h"
#include "exports/text_encoding.h"

struct csv_parser;

namespace tnt::exports {

struct CsvReaderOptions {
    std::optional<char> separator;  // unset: detected from the header line
};

class CsvReadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class CsvReader final : public RecordReader {
public:
    static CsvReader fromFile(const std::filesystem::path& path, CsvReaderOptions options = {});
    static CsvReader fromString(std::string content, CsvReaderOptions options = {});
    explicit CsvReader(std::unique_ptr<std::istream> input, CsvReaderOptions options = {});
    ~CsvReader() override;
    CsvReader(CsvReader&&) noexcept;
    CsvReader& operator=(CsvReader&&) = delete;

    // Fills `record` with the next record; false at the end of the input. Throws CsvReadError, and
    // Utf16Error for a UTF-16 file cut short or with a broken character.
    bool next(CsvRecord& record) override;
    // Convenience for tests and small files.
    std::vector<CsvRecord> readAll();

    // Known once the first record has been read (or the separator was given).
    char separator() const { return separator_; }
    bool hadByteOrderMark() const { return hadByteOrderMark_; }
    // Lines that were not valid UTF-8 are taken as Windows-1252 and converted, line by line, so that
    // detection needs no look-ahead over a large file. A mixed file is odd, hence this count for reports.
    std::uint64_t linesConvertedFromWindows1252() const override { return convertedLines_; }

private:
    friend struct CsvReaderCallbacks;

    bool feedNextLine();
    void detectSeparator(std::string_view headerLine);

    std::unique_ptr<std::istream> input_;
    std::unique_ptr<csv_parser> parser_;
    std::unique_ptr<Windows1252Decoder> decoder_;  // opened on the first line that is not UTF-8
    std::optional<char> requestedSeparator_;
    char separator_ = ',';
    bool hadByteOrderMark_ = false;
    bool finished_ = false;
    std::uint64_t convertedLines_ = 0;

    std::size_t lineNumber_ = 0;  // the physical line being fed to the parser
    std::string rawLine_;
    std::string utf8Line_;
    std::vector<std::string> currentFields_;
    std::size_t currentLine_ = 0;
    std::deque<CsvRecord> ready_;
};

}  // namespace tnt::exports
