// Writes a form's responses to a row sink (a CSV writer, a workbook's sheet), chunk by chunk from the
// database, so an export of a million responses keeps the memory of one chunk. Used by every download
// (service/reporting/download.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "exports/row_sink.h"
#include "exports/export_columns.h"
#include "service/storage/export_repository.h"

namespace tnt::reporting {

inline constexpr std::size_t kExportChunkRows = 2000;

// The registrations column of one response from the stored "GP1:registered,GP3:waitlisted": « GP1 : Inscrit ;
// GP3 : En liste d'attente », or the stored words with `codes`; only `groups` when not empty (a pilot's scope).
std::string registrationsText(std::string_view stored, const std::vector<std::string>& groups, bool codes);

// Writes the header row then one row per response; calls `progress(rows)` after each chunk when given.
// Returns the number of responses written. Does not flush the writer.
std::uint64_t writeResponses(storage::ExportRepository& repository, const storage::ResponseFilter& filter,
                             const exports::ColumnPlan& plan, exports::RowSink& writer,
                             const std::function<void(std::uint64_t)>& progress = {});

}  // namespace tnt::reporting
