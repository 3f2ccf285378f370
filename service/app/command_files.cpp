#include "service/app/command_files.h"

#include <algorithm>

#include "exports/record_reader.h"

namespace tnt::app {

std::filesystem::path defaultRejectsPath(const std::filesystem::path& file)
{
    auto path = file;
    path.replace_filename(file.stem().string() + ".rejets.csv");
    return path;
}

std::uint64_t countCsvRecords(const std::string& file)
{
    auto reader = exports::openRecordReader(file);
    exports::CsvRecord record;
    std::uint64_t count = 0;
    while (reader->next(record)) {
        const bool blank = std::all_of(record.fields.begin(), record.fields.end(), [](const std::string& f) {
            return f.find_first_not_of(" \t\r\n") == std::string::npos;
        });
        if (!blank) ++count;
    }
    return count > 0 ? count - 1 : 0;  // the header
}

}  // namespace tnt::app
