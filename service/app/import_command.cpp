// `tnt-forms import SLUG FILE --mapping MAPPING.yaml [--dry-run] [--suggest-mapping]`: wiring only — the
// mapping, the conversion and the run over the file are service/importing's. Exit codes: 0 done (rejected
// rows included: they are in the reject file), 1 failure at run time, 2 bad arguments, form or mapping.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "exports/csv_reader.h"
#include "exports/record_reader.h"
#include "exports/csv_writer.h"
#include "service/app/commands.h"
#include "service/app/database_command.h"
#include "service/app/progress_bar.h"
#include "service/domain/form_loader.h"
#include "service/importing/import_file.h"
#include "service/importing/import_mapping.h"
#include "service/importing/mapping_suggestion.h"
#include "service/importing/response_importer.h"
#include "service/storage/answer_count_folder.h"
#include "service/storage/count_folding_loop.h"
#include "service/app/command_files.h"
#include "service/storage/database_error.h"
#include "service/storage/form_repository.h"
#include "service/storage/response_repository.h"
#include "service/submission/clock.h"

namespace tnt::app {
namespace {

int fail(const std::string& message, int code)
{
    std::cerr << "tnt-forms import : " << message << "\n";
    return code;
}

int printSuggestion(const domain::Form& form, const std::vector<std::string>& header)
{
    const auto suggestion = importing::suggestMapping(form, header);
    std::cout << "# Correspondance proposée pour « " << form.slug << " » : vérifiez-la, complétez-la, puis\n"
              << "# tnt-forms import " << form.slug << " FICHIER --mapping CE_FICHIER.yaml --dry-run\n";
    if (!suggestion.unmatched_questions.empty()) {
        std::cout << "# Questions sans colonne :";
        for (const auto& key : suggestion.unmatched_questions) std::cout << " " << key;
        std::cout << "\n";
    }
    std::cout << importing::formatMappingYaml(suggestion.mapping, header, suggestion.comments);
    return 0;
}

std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("impossible de lire " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

int runImport(const DatabaseConfig& database, const ImportConfig& config)
{
    const auto forms = domain::loadFormsDirectory(config.forms_dir);
    const auto* form = forms.find(config.slug);
    if (form == nullptr) {
        for (const auto& d : forms.diagnostics) std::cerr << domain::formatDiagnostic(d) << "\n";
        return fail("aucun formulaire valide « " + config.slug + " » dans " + config.forms_dir, 2);
    }

    std::vector<std::string> header;
    try {
        // A Webform export's three header rows become one (service/importing/import_file.h).
        header = importing::ImportFile(exports::openRecordReader(config.file), *form).header();
    } catch (const std::exception& e) {
        return fail(config.file + " : " + e.what(), 2);
    }
    if (config.suggest_mapping) return printSuggestion(*form, header);

    if (config.mapping.empty()) {
        return fail("--mapping manque ; --suggest-mapping en propose une à partir des en-têtes du fichier", 2);
    }
    importing::ImportMapping mapping;
    try {
        mapping = importing::parseImportMapping(readText(config.mapping));
    } catch (const std::exception& e) {
        return fail(config.mapping + " : " + e.what(), 2);
    }
    if (const auto problems = importing::checkMapping(mapping, *form, header); !problems.empty()) {
        for (const auto& p : problems) std::cerr << config.mapping << " : " << p << "\n";
        return fail(std::to_string(problems.size()) + " problème(s) dans la correspondance, rien n'est importé", 2);
    }

    const auto rejectsPath =
        config.rejects.empty() ? defaultRejectsPath(config.file) : std::filesystem::path(config.rejects);
    const std::string source = std::filesystem::path(config.file).filename().string();
    try {
        std::unique_ptr<storage::ConnectionPool> pool;
        std::unique_ptr<submission::ResponseStore> store;
        if (config.dry_run) {
            store = std::make_unique<importing::DryRunStore>();
        } else {
            pool = openCommandPool(database, 2);  // the chunks' writer and the statistics' fold
            if (!pool) return 2;
            try {
                auto records =
                    storage::FormRepository(*pool).sync(forms.forms, forms.catalogue ? &*forms.catalogue : nullptr);
                store = std::make_unique<storage::ResponseRepository>(*pool, std::move(records));
            } catch (const storage::DatabaseError& e) {
                if (e.kind() != storage::DatabaseError::Kind::missing_table) throw;
                return fail("la base n'a pas les tables du service : lancez d'abord « tnt-forms migrate » (" +
                                std::string(e.what()) + ")",
                            1);
            }
        }
        const submission::SystemClock clock;
        submission::SubmissionService service(*store, clock, forms.catalogue ? &*forms.catalogue : nullptr);

        std::ofstream rejectsFile(rejectsPath, std::ios::binary | std::ios::trunc);
        if (!rejectsFile) return fail("impossible d'écrire " + rejectsPath.string(), 1);
        exports::CsvWriter rejects(exports::CsvDialect::excel(), [&rejectsFile](std::string_view chunk) {
            rejectsFile.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        });

        importing::ImportFile file(exports::openRecordReader(config.file), *form);  // past its header
        ProgressBar progress((config.dry_run ? "vérification " : "import ") + config.slug,
                             countCsvRecords(config.file));
        importing::ResponseImporter::ThreadHooks hooks;
        if (pool) hooks = {[&pool] { pool->threadInit(); }, [&pool] { pool->threadEnd(); }};
        importing::ResponseImporter importer(*form, mapping, header, service, source, hooks);
        // The statistics counters take the imported rows as they are stored, on a thread of their own, rather
        // than at the service's next fold; what is left is folded at the end.
        std::optional<storage::AnswerCountFolder> folder;
        std::optional<storage::CountFoldingLoop> folding;
        std::string foldFailure;
        if (pool) {
            folder.emplace(*pool);
            folding.emplace(*folder, storage::CountFoldingLoop::Options{
                                         .interval = std::chrono::milliseconds(100),
                                         .on_thread_start = hooks.first,
                                         .on_thread_stop = hooks.second,
                                         .on_failure = [&foldFailure](const std::string& e) { foldFailure = e; },
                                         .on_recovery = {}});
        }
        const auto summary = importer.run([&file](exports::CsvRecord& record) { return file.next(record); }, rejects,
                                          [&progress](std::uint64_t done) { progress.update(done); });
        progress.finish(summary.read);
        if (folder) {
            folding.reset();
            try {
                folder->foldAll();
                foldFailure.clear();  // whatever failed meanwhile is folded now
            } catch (const std::runtime_error& e) {
                foldFailure = e.what();
            }
            if (!foldFailure.empty())
                std::cerr << "compteurs des statistiques non mis à jour (le service le fera) : " << foldFailure << "\n";
        }
        rejects.flush();
        rejectsFile.close();
        if (summary.rejected == 0) std::filesystem::remove(rejectsPath);

        std::cout << (config.dry_run ? "Vérification (rien n'est enregistré) de " : "Import de ") << source
                  << " dans « " << form->slug << " » :\n"
                  << "  lues : " << summary.read << "\n"
                  << "  " << (config.dry_run ? "importables" : "importées") << " : " << summary.imported << "\n"
                  << "  déjà importées : " << summary.already_imported << "\n"
                  << "  rejetées : " << summary.rejected << "\n";
        if (file.webform()) std::cout << "  brouillons ignorés (Brouillon = 1) : " << file.draftsSkipped() << "\n";
        if (summary.rejected > 0) std::cout << "Lignes rejetées et leur motif : " << rejectsPath.string() << "\n";
        if (!file.leftOut().empty()) {
            std::cout << "Colonnes laissées de côté, jamais lues ni enregistrées :";
            for (const auto& column : file.leftOut()) std::cout << " « " << column << " »";
            std::cout << "\n";
        }
        if (file.linesConvertedFromWindows1252() > 0) {
            std::cout << file.linesConvertedFromWindows1252() << " ligne(s) lue(s) en Windows-1252.\n";
        }
        return 0;
    } catch (const std::exception& e) {
        return fail(e.what(), 1);
    }
}

}  // namespace tnt::app
