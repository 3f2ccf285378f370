// The first sheet of an XLSX workbook read as records, streaming (issue 21: framaforms' XLSX download and
// Sphinx's exports): the ZIP container through libzip, its XML through expat, no hand-written parser. The
// shared strings are held in memory (a workbook's distinct texts); the sheet's rows are parsed as they are
// inflated, so a sheet of 100,000 rows never sits in memory. A cell holds what a person sees as text: a
// shared or inline string as it is, a number as written ("4", "1234.5"), a date or time (a number whose style
// is a date format) as ISO 8601 "2021-10-17 14:32:00", a boolean "1"/"0". Row numbers are the sheet's.
//
// Refused with a French sentence (XlsxReadError): a file that is not a ZIP or has no sheet, a truncated one,
// and one whose entries declare far more bytes than the file could inflate to (a ZIP bomb) — before inflating.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "exports/record_reader.h"

struct zip;
struct zip_file;

namespace tnt::exports {

class XlsxReadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class XlsxReader final : public RecordReader {
public:
    explicit XlsxReader(const std::filesystem::path& path);
    ~XlsxReader() override;
    XlsxReader(const XlsxReader&) = delete;
    XlsxReader& operator=(const XlsxReader&) = delete;

    bool next(CsvRecord& record) override;
    bool endsRowsAtLastFilledCell() const override { return true; }

    // Largest uncompressed size an entry may declare, and how many times the file's size all entries
    // together may declare: above either, the file is refused before anything is inflated.
    static constexpr std::uint64_t kMaxEntryBytes = 1ULL << 30;
    static constexpr std::uint64_t kMaxRatio = 200;

    struct State;  // the sheet's parser (expat) and what it has read

private:
    std::string readWhole(const std::string& name) const;
    void checkSizes(const std::filesystem::path& path) const;

    zip* archive_ = nullptr;
    zip_file* sheet_ = nullptr;
    std::unique_ptr<State> state_;
    bool finished_ = false;
};

}  // namespace tnt::exports
