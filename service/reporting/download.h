// What a pilot or an operator downloads of a form's responses, in one place for the API, the dashboard and
// `tnt-forms export`: the format (CSV, XLSX or ODS), the export options as the query string and the command
// line name them, the column plan, the statistics sheet of a workbook, and the export log.
//
// Every format goes to the sink as it is made (the HTTP spool, a file), so memory stays that of a row and a
// chunk of responses, whatever the format and the row count.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "exports/export_columns.h"
#include "service/domain/form.h"
#include "service/reporting/group_scope.h"
#include "service/storage/export_repository.h"
#include "service/storage/response_filter.h"
#include "service/storage/statistics_repository.h"

namespace tnt::reporting {

enum class DownloadFormat { csv, xlsx, ods };

// For messages: the formats there are.
inline constexpr std::string_view kDownloadFormats = "csv, xlsx ou ods";

std::optional<DownloadFormat> parseDownloadFormat(std::string_view text);
std::string_view extension(DownloadFormat format);  // "csv", "xlsx", "ods"
std::string_view mediaType(DownloadFormat format);

// An export option given a value it does not take: its name and what it takes, for a French message.
struct BadExportOption : std::runtime_error {
    BadExportOption(std::string option, std::string accepted);
    std::string option;
    std::string accepted;
};

// dialect (excel | rfc4180), labels (text | codes), multiple (columns | joined), as query parameters and
// command-line options name them; `value(name)` is what was asked, nothing for the default. Throws
// BadExportOption.
exports::ExportOptions parseExportOptions(const std::function<std::optional<std::string>(std::string_view)>& value);

struct Download {
    DownloadFormat format = DownloadFormat::csv;
    std::string slug;
    const domain::Form* form = nullptr;  // as served: the statistics sheet's questions (needed for a workbook)
    storage::ResponseFilter filter;
    GroupScope scope;  // what the reader may see of the groups question
    exports::ExportOptions options;
    // For the export log: who ("cli" for the command line) and what the download covered.
    std::string reader;
    std::string covered;
};

struct DownloadSources {
    storage::ExportRepository& exports;
    storage::StatisticsRepository& statistics;
};

using ByteSink = std::function<void(std::string_view)>;

// A workbook can hold this many responses (a header row, then one row each).
inline constexpr std::uint64_t kMaxWorkbookResponses = 1048575;

// A workbook asked for more responses than a sheet holds: the CSV has no such limit.
struct TooManyRows : std::length_error {
    explicit TooManyRows(std::uint64_t responses);
    std::uint64_t responses;
};

// Throws TooManyRows when `download` is a workbook of more responses than a sheet holds: called before the
// response starts, so the reader gets a clear refusal rather than a cut file.
void checkSize(const Download& download, storage::ExportRepository& exports);

// What each format's file of a download would weigh, in bytes: the first responses of the filter (a few dozen)
// written through the real writers (into memory, or a temporary file for XLSX), scaled to `responses`. For the
// dashboard's buttons; compression does better on a whole export than on a sample, so the figures err high.
struct DownloadSizes {
    std::uint64_t csv = 0;
    std::uint64_t xlsx = 0;
    std::uint64_t ods = 0;
};
DownloadSizes estimateSizes(const Download& download, DownloadSources& sources, std::uint64_t responses);

// Writes the whole file to `sink` and records it in the export log; returns the responses written.
// `progress(rows)` is called after each chunk of rows and may throw to stop (the client has gone).
// A workbook has two sheets: « Réponses », then « Statistiques » (the figures of the statistics API for the
// same filter). Throws std::length_error past a sheet's rows (responses that came after checkSize), and
// std::runtime_error when the disk fails.
std::uint64_t writeDownload(const Download& download, DownloadSources& sources, const ByteSink& sink,
                            const std::function<void(std::uint64_t)>& progress = {});

}  // namespace tnt::reporting
