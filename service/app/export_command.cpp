// `tnt-forms export SLUG --out FILE [--format csv|xlsx|ods]`: an operator's export, the same files as the
// pilots' downloads (service/reporting/download.h), written with a progress bar to a partial file renamed once
// complete, recorded in the export log.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "service/app/commands.h"
#include "service/app/database_command.h"
#include "service/app/progress_bar.h"
#include "service/domain/form_loader.h"
#include "service/reporting/download.h"
#include "service/reporting/report_request.h"
#include "service/storage/export_repository.h"
#include "service/storage/statistics_repository.h"

namespace tnt::app {

namespace {

// --format, else the extension of --out ("reponses.ods"), else CSV.
std::optional<reporting::DownloadFormat> chosenFormat(const ExportConfig& config)
{
    if (!config.format.empty()) return reporting::parseDownloadFormat(config.format);
    const auto extension = std::filesystem::path(config.out).extension().string();
    const auto byName = extension.empty() ? std::nullopt : reporting::parseDownloadFormat(extension.substr(1));
    return byName ? byName : reporting::DownloadFormat::csv;
}

std::optional<std::string> option(const ExportConfig& config, std::string_view name)
{
    if (name == "dialect") return config.dialect;
    if (name == "labels") return config.labels;
    if (name == "multiple") return config.multiple;
    return std::nullopt;
}

}  // namespace

int runExport(const DatabaseConfig& database, const ExportConfig& config)
{
    const auto format = chosenFormat(config);
    if (!format) {
        std::cerr << "tnt-forms export : --format attend " << reporting::kDownloadFormats << ".\n";
        return 2;
    }
    reporting::Download download;
    download.format = *format;
    download.slug = config.slug;
    download.reader = "cli";
    try {
        download.options =
            reporting::parseExportOptions([&config](std::string_view name) { return option(config, name); });
    } catch (const reporting::BadExportOption& e) {
        std::cerr << "tnt-forms export : --" << e.option << " attend " << e.accepted << ".\n";
        return 2;
    }
    // A workbook's statistics sheet is built from the form as served.
    domain::FormSet forms;
    if (*format != reporting::DownloadFormat::csv) {
        forms = domain::loadFormsDirectory(config.forms_dir);
        download.form = forms.find(config.slug);
        if (download.form == nullptr) {
            std::cerr << "tnt-forms export : aucun formulaire « " << config.slug << " » dans " << config.forms_dir
                      << " (--forms) : la feuille Statistiques d'un classeur en a besoin.\n";
            return 2;
        }
    }
    const auto partial = config.out + ".partiel";
    try {
        auto pool = openCommandPool(database);
        if (!pool) return 2;
        storage::ExportRepository repository(*pool);
        storage::StatisticsRepository statistics(*pool);
        const auto id = repository.formId(config.slug);
        if (!id) {
            std::cerr << "tnt-forms export : aucun formulaire « " << config.slug << " » dans la base.\n";
            return 1;
        }
        // The operator reads every form; the filters are checked as a pilot's are.
        access::AccessToken operator_token;
        operator_token.forms = {"*"};
        try {
            const auto report = reporting::resolveReport(operator_token, config.slug, *id, download.form,
                                                         {config.from, config.to, config.group});
            download.filter = report.filter;
            download.covered = report.scope;
        } catch (const reporting::ReportRefused& refusal) {
            std::cerr << "tnt-forms export : " << refusal.what()
                      << (refusal.reason().empty() ? "" : " " + refusal.reason()) << "\n";
            return 2;
        }
        try {
            reporting::checkSize(download, repository);
        } catch (const reporting::TooManyRows& e) {
            std::cerr << "tnt-forms export : " << e.what() << ".\n";
            return 1;
        }

        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out) {
            std::cerr << "tnt-forms export : impossible d'écrire " << partial << "\n";
            return 1;
        }
        reporting::DownloadSources sources{repository, statistics};
        ProgressBar progress("export " + config.slug, repository.count(download.filter));
        const auto rows = reporting::writeDownload(
            download, sources,
            [&out](std::string_view chunk) { out.write(chunk.data(), static_cast<std::streamsize>(chunk.size())); },
            [&progress](std::uint64_t done) { progress.update(done); });
        out.close();
        if (!out) {
            std::filesystem::remove(partial);
            std::cerr << "tnt-forms export : l'écriture de " << partial << " a échoué (disque plein ?)\n";
            return 1;
        }
        // Renamed only once complete: a file named --out is never a half export.
        std::filesystem::rename(partial, config.out);
        progress.finish(rows);
        std::cout << rows << " réponse(s) exportée(s) dans " << config.out << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::error_code ignored;
        std::filesystem::remove(partial, ignored);  // no half export left behind
        std::cerr << "tnt-forms export : " << e.what() << "\n";
        return 1;
    }
}

}  // namespace tnt::app
