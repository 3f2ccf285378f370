// What the commands that read a CSV file and write back its rejected rows share (import, invite).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace tnt::app {

// FILE.rejets.csv beside FILE.csv: where rejected rows go unless --rejects says otherwise.
std::filesystem::path defaultRejectsPath(const std::filesystem::path& file);

// How many records follow the header, blank ones aside (the progress bar's total); a CSV or XLSX file.
std::uint64_t countCsvRecords(const std::string& file);

}  // namespace tnt::app
