#include "service/reporting/response_export.h"

#include <nlohmann/json.hpp>

namespace tnt::reporting {

std::uint64_t writeResponses(storage::ExportRepository& repository, const storage::ResponseFilter& filter,
                             const exports::ColumnPlan& plan, exports::CsvWriter& writer,
                             const std::function<void(std::uint64_t)>& progress)
{
    writer.writeRow(plan.headers());
    exports::ExportRowFormatter formatter(plan);
    std::vector<exports::CsvCell> row;
    std::uint64_t written = 0;
    return repository.forEachResponse(filter, kExportChunkRows, [&](const storage::ExportedResponse& r) {
        const auto answers = nlohmann::json::parse(r.answers, nullptr, /*allow_exceptions=*/false);
        formatter.format(r.public_id, r.submitted_at, answers.is_discarded() ? nlohmann::json::object() : answers, row);
        writer.writeRow(row);
        if (++written % kExportChunkRows == 0 && progress) progress(written);
    });
}

}  // namespace tnt::reporting
