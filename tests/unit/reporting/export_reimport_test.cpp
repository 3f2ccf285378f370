// The project's own importer reads back an export in codes: a header it accepts (no column twice), the
// mapping it suggests, and the same answers and submission second on the way back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "exports/csv_reader.h"
#include "exports/csv_writer.h"
#include "service/importing/mapping_suggestion.h"
#include "service/importing/row_conversion.h"
#include "service/reporting/export_plan.h"
#include "tests/unit/reporting/export_forms.h"

namespace tnt::reporting {
namespace {

using json = nlohmann::json;
using namespace std::chrono;

const json& everyAnswer()
{
    static const json answers = {
        {"nom", "Dupont, Jean ; dit \"Jeannot\""},
        {"avis", "Première ligne; suite\nseconde ligne, fin"},
        {"email", "jean.dupont@exemple.fr"},
        {"tel", "01 23 45 67 89"},
        {"creation", "2021-12-08"},
        {"budget", 1234.5},
        {"agents", 12},
        {"note", 4},
        {"recommandation", 9},
        {"role", "autre"},
        {"role.autre", "Secrétaire, de mairie"},
        {"enjeux", {"services", "attractivite"}},
        {"groupes", {"GP1", "GP3"}},
        {"contact", "oui"},
        {"accord", "oui"},
        {"dep", "01"},
    };
    return answers;
}

const exports::SubmissionTime submitted =
    time_point_cast<microseconds>(sys_days{2026y / 12 / 1} + 4h + 3min + 9s + 250ms);

std::string exportOne(const exports::ColumnPlan& plan)
{
    std::string bytes;
    exports::CsvWriter writer(plan.options.dialect, [&bytes](std::string_view chunk) { bytes.append(chunk); });
    writer.writeRow(plan.headers());
    std::vector<exports::ExportCell> row;
    exports::ExportRowFormatter(plan).format("r1", submitted, everyAnswer(), row);
    writer.writeRow(row);
    writer.flush();
    return bytes;
}

TEST(ExportReimport, TheImporterReadsBackAnExportInCodes)
{
    const auto& form = test::everyTypeForm();
    const auto questions = exportQuestions({form.toJson().dump()});
    for (auto multiple : {exports::MultipleChoiceLayout::joined, exports::MultipleChoiceLayout::column_per_option}) {
        for (auto dialect : {exports::CsvDialect::excel(), exports::CsvDialect::rfc4180()}) {
            const exports::ExportOptions mode{exports::LabelMode::codes, multiple, dialect};
            SCOPED_TRACE(test::modeName(mode));
            const auto records =
                exports::CsvReader::fromString(exportOne(exports::planColumns(questions, mode))).readAll();
            ASSERT_EQ(records.size(), 2u);
            const auto& header = records[0].fields;
            const auto suggestion = importing::suggestMapping(form, header);
            EXPECT_EQ(suggestion.mapping.submitted_at.column, "submitted_at_paris");
            EXPECT_EQ(importing::checkMapping(suggestion.mapping, form, header), std::vector<std::string>{});
            if (multiple == exports::MultipleChoiceLayout::column_per_option) continue;  // flags: one per option

            const importing::RowConverter converter(form, suggestion.mapping, header);
            const auto row = converter.convert(records[1].fields);
            EXPECT_TRUE(row.problems.empty()) << (row.problems.empty() ? "" : row.problems.front());
            ASSERT_TRUE(row.submitted_at.has_value());
            EXPECT_TRUE(*row.submitted_at == floor<seconds>(submitted));
            EXPECT_EQ(row.answers, everyAnswer()) << row.answers.dump(1);
        }
    }
}

}  // namespace
}  // namespace tnt::reporting
