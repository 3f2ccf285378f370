// Writes a form's responses as CSV to a writer, chunk by chunk from the database, so an export of a
// million responses keeps the memory of one chunk. Used by the pilots' HTTP download and by
// `tnt-forms export`.
#pragma once

#include <cstdint>
#include <functional>

#include "exports/csv_writer.h"
#include "exports/export_columns.h"
#include "service/storage/export_repository.h"

namespace tnt::reporting {

inline constexpr std::size_t kExportChunkRows = 2000;

// Writes the header row then one row per response; calls `progress(rows)` after each chunk when given.
// Returns the number of responses written. Does not flush the writer.
std::uint64_t writeResponses(storage::ExportRepository& repository, const storage::ResponseFilter& filter,
                             const exports::ColumnPlan& plan, exports::CsvWriter& writer,
                             const std::function<void(std::uint64_t)>& progress = {});

}  // namespace tnt::reporting
