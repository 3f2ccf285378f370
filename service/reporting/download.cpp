#include "service/reporting/download.h"

#include <vector>

#include <nlohmann/json.hpp>

#include "exports/csv_writer.h"
#include "exports/ods_writer.h"
#include "exports/stats_csv.h"
#include "exports/xlsx_writer.h"
#include "service/reporting/export_plan.h"
#include "service/reporting/form_statistics.h"
#include "service/reporting/response_export.h"

namespace tnt::reporting {

namespace {

constexpr std::string_view kResponsesSheet = "Réponses";
constexpr std::string_view kStatisticsSheet = "Statistiques";

void writeStatisticsSheet(const Download& download, DownloadSources& sources, exports::SpreadsheetWriter& workbook)
{
    if (download.form == nullptr) throw std::logic_error("a workbook's statistics need the form");
    workbook.startSheet(kStatisticsSheet);
    const auto statistics =
        buildStatistics(*download.form, sources.statistics.aggregate(download.filter), download.scope);
    exports::writeStatistics(statistics, workbook, '.');
}

std::uint64_t writeWorkbook(const Download& download, DownloadSources& sources, const exports::ColumnPlan& plan,
                            exports::SpreadsheetWriter& workbook, const std::function<void(std::uint64_t)>& progress)
{
    workbook.startSheet(kResponsesSheet);
    const auto rows = writeResponses(sources.exports, download.filter, plan, workbook, progress);
    writeStatisticsSheet(download, sources, workbook);
    workbook.finish();
    return rows;
}

// The sample's rows, kept to be written once per format.
struct SampleRow {
    std::string public_id;
    exports::SubmissionTime submitted_at;
    nlohmann::json answers;
    std::string registrations;
    std::optional<exports::SubmissionTime> updated_at;
};

constexpr std::size_t kSampleRows = 40;

std::vector<SampleRow> sampleRows(const Download& download, storage::ExportRepository& exports,
                                  const exports::ColumnPlan& plan)
{
    std::vector<SampleRow> rows;
    for (auto& r : exports.firstResponses(download.filter, kSampleRows, plan.options.registrationStates)) {
        auto answers = nlohmann::json::parse(r.answers, nullptr, /*allow_exceptions=*/false);
        rows.push_back({std::move(r.public_id), r.submitted_at,
                        answers.is_discarded() ? nlohmann::json::object() : std::move(answers),
                        std::move(r.registrations), r.updated_at});
    }
    return rows;
}

// Bytes of the file with the first `count` sample rows.
std::uint64_t sampleBytes(DownloadFormat format, const exports::ColumnPlan& plan, const std::vector<SampleRow>& rows,
                          std::size_t count)
{
    std::uint64_t bytes = 0;
    const ByteSink counting = [&bytes](std::string_view chunk) { bytes += chunk.size(); };
    const auto writeRows = [&](exports::RowSink& sink) {
        ResponseRowWriter writer(plan, sink);
        writer.writeHeader();
        for (std::size_t i = 0; i < count; ++i) {
            writer.write(rows[i].public_id, rows[i].submitted_at, rows[i].answers, rows[i].registrations,
                         rows[i].updated_at);
        }
    };
    const auto writeSheet = [&](exports::SpreadsheetWriter& workbook) {
        workbook.startSheet(kResponsesSheet);
        writeRows(workbook);
        workbook.finish();
    };
    switch (format) {
    case DownloadFormat::csv: {
        exports::CsvWriter writer(plan.options.dialect, counting);
        writeRows(writer);
        writer.flush();
        break;
    }
    case DownloadFormat::ods: {
        exports::OdsWriter workbook(counting);
        writeSheet(workbook);
        break;
    }
    case DownloadFormat::xlsx: {
        exports::XlsxWriter workbook(counting);
        writeSheet(workbook);
        break;
    }
    }
    return bytes;
}

std::uint64_t writeFile(const Download& download, DownloadSources& sources, const exports::ColumnPlan& plan,
                        const ByteSink& sink, const std::function<void(std::uint64_t)>& progress)
{
    std::uint64_t rows = 0;
    switch (download.format) {
    case DownloadFormat::csv: {
        exports::CsvWriter writer(plan.options.dialect, sink);
        rows = writeResponses(sources.exports, download.filter, plan, writer, progress);
        writer.flush();
        break;
    }
    case DownloadFormat::ods: {
        exports::OdsWriter workbook(sink);
        rows = writeWorkbook(download, sources, plan, workbook, progress);
        break;
    }
    case DownloadFormat::xlsx: {
        exports::XlsxWriter workbook(sink);
        rows = writeWorkbook(download, sources, plan, workbook, progress);
        break;
    }
    }
    return rows;
}

}  // namespace

DownloadSizes estimateSizes(const Download& download, DownloadSources& sources, std::uint64_t responses)
{
    DownloadSizes sizes;
    const auto definitions = sources.exports.definitions(download.filter.form_id);
    std::vector<SampleRow> rows;
    for (const auto format : {DownloadFormat::csv, DownloadFormat::xlsx, DownloadFormat::ods}) {
        auto options = download.options;
        if (format != DownloadFormat::csv) options.dialect = exports::CsvDialect::rfc4180();
        const auto plan = planResponseColumns(definitions, options, download.scope);
        if (format == DownloadFormat::csv) rows = sampleRows(download, sources.exports, plan);
        const auto empty = sampleBytes(format, plan, rows, 0);
        std::uint64_t estimate = empty;
        if (!rows.empty()) {
            const auto full = sampleBytes(format, plan, rows, rows.size());
            const double perRow = static_cast<double>(full - std::min(full, empty)) / static_cast<double>(rows.size());
            estimate += static_cast<std::uint64_t>(perRow * static_cast<double>(responses));
        }
        (format == DownloadFormat::csv    ? sizes.csv
         : format == DownloadFormat::xlsx ? sizes.xlsx
                                          : sizes.ods) = estimate;
    }
    return sizes;
}

std::optional<DownloadFormat> parseDownloadFormat(std::string_view text)
{
    if (text == "csv") return DownloadFormat::csv;
    if (text == "xlsx") return DownloadFormat::xlsx;
    if (text == "ods") return DownloadFormat::ods;
    return std::nullopt;
}

std::string_view extension(DownloadFormat format)
{
    switch (format) {
    case DownloadFormat::xlsx:
        return "xlsx";
    case DownloadFormat::ods:
        return "ods";
    case DownloadFormat::csv:
        break;
    }
    return "csv";
}

std::string_view mediaType(DownloadFormat format)
{
    switch (format) {
    case DownloadFormat::xlsx:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case DownloadFormat::ods:
        return "application/vnd.oasis.opendocument.spreadsheet";
    case DownloadFormat::csv:
        break;
    }
    return "text/csv; charset=utf-8; header=present";
}

BadExportOption::BadExportOption(std::string option_, std::string accepted_)
    : std::runtime_error("option « " + option_ + " » : " + accepted_),
      option(std::move(option_)),
      accepted(std::move(accepted_))
{
}

TooManyRows::TooManyRows(std::uint64_t responses_)
    : std::length_error(std::to_string(responses_) + " réponses : un tableur en contient au plus " +
                        std::to_string(kMaxWorkbookResponses) + ", téléchargez le CSV"),
      responses(responses_)
{
}

exports::ExportOptions parseExportOptions(const std::function<std::optional<std::string>(std::string_view)>& value)
{
    exports::ExportOptions options;
    try {
        options.dialect = exports::parseCsvDialect(value("dialect").value_or("excel"));
    } catch (const std::invalid_argument&) {
        throw BadExportOption("dialect", "excel ou rfc4180");
    }
    const auto labels = value("labels").value_or("text");
    if (labels == "text") {
        options.labels = exports::LabelMode::text;
    } else if (labels == "codes") {
        options.labels = exports::LabelMode::codes;
    } else {
        throw BadExportOption("labels", "text ou codes");
    }
    const auto multiple = value("multiple").value_or("columns");
    if (multiple == "columns") {
        options.multiple = exports::MultipleChoiceLayout::column_per_option;
    } else if (multiple == "joined") {
        options.multiple = exports::MultipleChoiceLayout::joined;
    } else {
        throw BadExportOption("multiple", "columns ou joined");
    }
    return options;
}

void checkSize(const Download& download, storage::ExportRepository& exports)
{
    if (download.format == DownloadFormat::csv) return;
    const auto responses = exports.count(download.filter);
    if (responses > kMaxWorkbookResponses) throw TooManyRows(responses);
}

std::uint64_t writeDownload(const Download& download, DownloadSources& sources, const ByteSink& sink,
                            const std::function<void(std::uint64_t)>& progress)
{
    auto options = download.options;
    // A spreadsheet's numbers are numbers: written with a point, whatever the CSV dialect says.
    if (download.format != DownloadFormat::csv) options.dialect = exports::CsvDialect::rfc4180();
    const auto plan =
        planResponseColumns(sources.exports.definitions(download.filter.form_id), options, download.scope);
    const auto kind = "responses." + std::string(extension(download.format));
    std::uint64_t read = 0;  // rows read so far, for the log of an interrupted download
    const auto counting = [&](std::uint64_t rows) {
        read = rows;
        if (progress) progress(rows);
    };
    std::uint64_t rows = 0;
    try {
        rows = writeFile(download, sources, plan, sink, counting);
    } catch (...) {
        // Interrupted (the client left, the disk failed): logged too, with the rows read until then, since some
        // may have reached the client.
        try {
            sources.exports.record({download.reader, download.slug, download.covered + " interrompu", kind, read});
        } catch (const std::exception&) {
            // The database failed too: the first failure is the one to report.
        }
        throw;
    }
    sources.exports.record({download.reader, download.slug, download.covered, kind, rows});
    return rows;
}

}  // namespace tnt::reporting
