// `tnt-forms export SLUG --out FILE`: an operator's CSV export, the same columns and dialects as the pilots'
// download, written chunk by chunk with a progress bar, recorded in the export log.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "exports/csv_dialect.h"
#include "service/app/commands.h"
#include "service/app/database_command.h"
#include "service/app/progress_bar.h"
#include "service/reporting/export_plan.h"
#include "service/reporting/response_export.h"
#include "service/storage/export_repository.h"

namespace tnt::app {

int runExport(const DatabaseConfig& database, const ExportConfig& config)
{
    exports::ExportOptions options;
    try {
        options.dialect = exports::parseCsvDialect(config.dialect);
    } catch (const std::invalid_argument& e) {
        std::cerr << "tnt-forms export : " << e.what() << "\n";
        return 2;
    }
    if (config.labels != "text" && config.labels != "codes") {
        std::cerr << "tnt-forms export : --labels attend text ou codes.\n";
        return 2;
    }
    if (config.multiple != "columns" && config.multiple != "joined") {
        std::cerr << "tnt-forms export : --multiple attend columns ou joined.\n";
        return 2;
    }
    options.labels = config.labels == "codes" ? exports::LabelMode::codes : exports::LabelMode::text;
    options.multiple = config.multiple == "joined" ? exports::MultipleChoiceLayout::joined
                                                   : exports::MultipleChoiceLayout::column_per_option;
    try {
        auto pool = openCommandPool(database);
        if (!pool) return 2;
        storage::ExportRepository repository(*pool);
        const auto id = repository.formId(config.slug);
        if (!id) {
            std::cerr << "tnt-forms export : aucun formulaire « " << config.slug << " » dans la base.\n";
            return 1;
        }
        storage::ResponseFilter filter;
        filter.form_id = *id;
        if (!config.group.empty()) filter.groups.push_back(config.group);
        const auto plan = reporting::planResponseColumns(repository.definitions(*id), options);

        const auto partial = config.out + ".partiel";
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out) {
            std::cerr << "tnt-forms export : impossible d'écrire " << partial << "\n";
            return 1;
        }
        exports::CsvWriter writer(options.dialect, [&out](std::string_view chunk) {
            out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        });
        ProgressBar progress("export " + config.slug, repository.count(filter));
        const auto rows = reporting::writeResponses(repository, filter, plan, writer,
                                                    [&progress](std::uint64_t done) { progress.update(done); });
        writer.flush();
        out.close();
        if (!out) {
            std::cerr << "tnt-forms export : l'écriture de " << partial << " a échoué (disque plein ?)\n";
            return 1;
        }
        // Renamed only once complete: a file named --out is never a half export.
        std::filesystem::rename(partial, config.out);
        progress.finish(rows);
        repository.record({"cli", config.slug,
                           "form:" + config.slug + (config.group.empty() ? "" : " group:" + config.group), "cli",
                           rows});
        std::cout << rows << " réponse(s) exportée(s) dans " << config.out << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "tnt-forms export : " << e.what() << "\n";
        return 1;
    }
}

}  // namespace tnt::app
