// How many rows per second the CSV writer sustains, so an export of 100,000 or 1,000,000 responses can be
// budgeted: 1,000,000 rows of 12 columns into a sink that discards the bytes (the socket is not measured).
//   build-exports/tests/bench/exports/tnt_exports_bench
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "exports/csv_writer.h"
#include "exports/export_columns.h"

namespace {

using namespace tnt::exports;

constexpr std::int64_t rowsPerRun = 1'000'000;

// The sink the HTTP layer would give, minus the socket: it only looks at the chunk.
CsvWriter::Sink discardingSink(std::size_t& bytes)
{
    return [&bytes](std::string_view chunk) { bytes += chunk.size(); };
}

// Already formatted cells: the writer alone (quoting, neutralisation, buffering).
void writerOnly(benchmark::State& state)
{
    const CsvDialect dialect = state.range(0) == 0 ? CsvDialect::excel() : CsvDialect::rfc4180();
    std::vector<ExportCell> row{
        {"7f3c2a9e-5d1b-4c8e-9a2f-1b2c3d4e5f60"},
        {"2021-12-08 23:59:59", ExportCell::Kind::trusted_time},
        {"Saint-Étienne"},
        {"Élu·e"},
        {"1", ExportCell::Kind::trusted_number},
        {"0", ExportCell::Kind::trusted_number},
        {"1", ExportCell::Kind::trusted_number},
        {"3,5", ExportCell::Kind::trusted_number},
        {"-3", ExportCell::Kind::trusted_number},
        {"Il a dit \"oui\"; puis\nnon"},
        {"=SUM(A1)"},
        {"Un commentaire assez long, comme en écrivent les élus sur la sensibilisation au numérique."},
    };
    std::size_t bytes = 0;
    for (auto _ : state) {
        CsvWriter writer(dialect, discardingSink(bytes));
        for (std::int64_t i = 0; i < rowsPerRun; ++i) writer.writeRow(row);
        writer.flush();
    }
    benchmark::DoNotOptimize(bytes);
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(rowsPerRun), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["MB/s"] = benchmark::Counter(static_cast<double>(bytes) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(writerOnly)->Arg(0)->Arg(1)->ArgNames({"rfc4180"})->Unit(benchmark::kMillisecond)->UseRealTime();

// From stored answers (JSON) to bytes: planning, formatting (Paris time, labels, numbers) and writing.
void answersToCsv(benchmark::State& state)
{
    std::vector<ExportQuestion> questions{
        {"commune", "Commune", QuestionKind::text, {}, false, false},
        {"role", "Rôle", QuestionKind::single_choice, {{"elu", "Élu·e"}, {"agent", "Agent"}}, true, false},
        {"groupes",
         "Groupes",
         QuestionKind::multiple_choice,
         {{"gp1", "GP1"}, {"gp3", "GP3"}, {"gp5", "GP5"}},
         false,
         false},
        {"note", "Note", QuestionKind::scale, {}, false, false},
        {"nps", "Recommandation", QuestionKind::nps, {}, false, false},
        {"avis", "Avis", QuestionKind::long_text, {}, false, false},
        {"accord", "Accord", QuestionKind::yes_no, {}, false, false},
    };
    const ColumnPlan plan = planColumns(questions, {});  // 2 + 1 + 2 + 3 + 1 + 1 + 1 + 1 = 12 columns
    const nlohmann::json answers{{"commune", "Saint-Étienne"},
                                 {"role", "elu"},
                                 {"role.autre", "+33 6"},
                                 {"groupes", {"gp1", "gp5"}},
                                 {"note", 3.5},
                                 {"nps", 9},
                                 {"avis", "Il a dit \"oui\"; puis\nnon"},
                                 {"accord", true}};
    const SubmissionTime start{std::chrono::sys_days{std::chrono::year{2021} / 12 / 1}.time_since_epoch()};
    std::size_t bytes = 0;
    for (auto _ : state) {
        CsvWriter writer(plan.options.dialect, discardingSink(bytes));
        writer.writeRow(plan.headers());
        ExportRowFormatter formatter(plan);
        std::vector<ExportCell> row;
        for (std::int64_t i = 0; i < rowsPerRun; ++i) {
            formatter.format("7f3c2a9e-5d1b-4c8e-9a2f-1b2c3d4e5f60", start + std::chrono::seconds{i}, answers, row);
            writer.writeRow(row);
        }
        writer.flush();
    }
    benchmark::DoNotOptimize(bytes);
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(rowsPerRun), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(answersToCsv)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
