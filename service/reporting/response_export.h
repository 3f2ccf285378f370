// Writes a form's responses to a row sink (a CSV writer, a workbook's sheet), chunk by chunk from the
// database, so an export of a million responses keeps the memory of one chunk. Used by every download
// (service/reporting/download.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "exports/row_sink.h"
#include "exports/export_columns.h"
#include "service/storage/export_repository.h"

namespace tnt::reporting {

inline constexpr std::size_t kExportChunkRows = 2000;

// The registrations column of one response from the stored "GP1:registered,GP3:waitlisted": « GP1 : Inscrit ;
// GP3 : En liste d'attente », or the stored words with `codes`; only `groups` when not empty (a pilot's scope).
std::string registrationsText(std::string_view stored, const std::vector<std::string>& groups, bool codes);

// The rows of a response export, in one place for the download and the dashboard's size estimate: the header,
// then each response's cells (its answers, and the registrations column when the plan has one).
class ResponseRowWriter {
public:
    ResponseRowWriter(const exports::ColumnPlan& plan, exports::RowSink& sink);
    ResponseRowWriter(exports::ColumnPlan&&, exports::RowSink&) = delete;  // it keeps a reference to the plan

    void writeHeader();
    // `registrations`: as stored ("GP1:registered,GP3:waitlisted"), read only when the plan has that column.
    void write(std::string_view public_id, exports::SubmissionTime submitted_at, const nlohmann::json& answers,
               std::string_view registrations, std::optional<exports::SubmissionTime> updated_at = std::nullopt);

private:
    const exports::ColumnPlan& plan_;
    exports::RowSink& sink_;
    exports::ExportRowFormatter formatter_;
    std::vector<exports::ExportCell> row_;
    std::string states_;
};

// Writes the header row then one row per response; calls `progress(rows)` after each chunk when given.
// Returns the number of responses written. Does not flush the writer.
std::uint64_t writeResponses(storage::ExportRepository& repository, const storage::ResponseFilter& filter,
                             const exports::ColumnPlan& plan, exports::RowSink& writer,
                             const std::function<void(std::uint64_t)>& progress = {});

}  // namespace tnt::reporting
