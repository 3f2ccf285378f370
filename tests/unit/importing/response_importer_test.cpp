// The run over a file with an in-memory store: stored rows at their own time and source, rejects with their
// reasons in the reject CSV, and a second run that stores nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "service/importing/response_importer.h"
#include "tests/support/memory_response_store.h"
#include "tests/unit/importing/test_form.h"

namespace tnt::importing {
namespace {

using ::testing::HasSubstr;

class FixedClock final : public submission::Clock {
public:
    domain::TimePoint now() const override { return {}; }
};

using MemoryStore = tnt::testing::MemoryResponseStore;

const char* const mapping_yaml = R"(
submitted_at: {column: "Date", format: "%d/%m/%Y %H:%M"}
columns:
  "Nom": nom
  "Courriel": email
  "Apports": apports
  "Contact": contact
ignore: ["N°"]
)";

const std::string file =
    "N°;Date;Nom;Courriel;Apports;Contact\r\n"
    "1;08/12/2021 14:32;Élodie Martin;elodie@exemple.fr;De meilleurs services,L'attractivité du territoire "
    "(entreprises, habitants);oui\r\n"
    "2;09/12/2021 09:05;\"Jean ; dit \"\"Jeannot\"\"\";jean@exemple.fr;\"Le lien\nsocial\";non\r\n"
    "3;10/12/2021 10:00;Sans Courriel;pas-une-adresse;De meilleurs services;peut-être\r\n"
    "4;pas de date;;x@exemple.fr;;oui\r\n"
    "5;11/12/2021 10:00;Doublon;ELODIE@exemple.fr;;non\r\n"
    ";;;;;\r\n";

struct Run {
    ImportSummary summary;
    std::string rejects;
};

Run importFile(MemoryStore& store)
{
    FixedClock clock;
    submission::SubmissionService service(store, clock, nullptr);
    auto reader = exports::CsvReader::fromString(file);
    exports::CsvRecord header;
    EXPECT_TRUE(reader.next(header));
    const auto mapping = parseImportMapping(mapping_yaml);
    EXPECT_THAT(checkMapping(mapping, test::testForm(), header.fields), ::testing::IsEmpty());
    Run run;
    exports::CsvWriter rejects(exports::CsvDialect::rfc4180(), [&run](std::string_view s) { run.rejects += s; });
    ResponseImporter importer(test::testForm(), mapping, header.fields, service, "export.csv");
    run.summary = importer.run(reader, rejects);
    rejects.flush();
    return run;
}

TEST(ResponseImporter, StoresValidRowsAtTheirTimeWithTheirSource)
{
    MemoryStore store;
    const auto run = importFile(store);
    EXPECT_EQ(run.summary.read, 5u);
    EXPECT_EQ(run.summary.imported, 2u);
    EXPECT_EQ(run.summary.rejected, 3u);
    ASSERT_EQ(store.responses.size(), 2u);
    const auto& first = store.responses[0];
    EXPECT_EQ(domain::formatIsoUtc(first.submitted_at), "2021-12-08T13:32:00Z");
    EXPECT_EQ(first.source, "export.csv");
    EXPECT_THAT(*first.idempotency_key, ::testing::StartsWith("import:"));
    EXPECT_EQ(first.answers["apports"], nlohmann::json({"services", "attractivite"}));
    const auto& second = store.responses[1];
    EXPECT_EQ(second.answers["nom"], "Jean ; dit \"Jeannot\"");
    EXPECT_EQ(second.answers["apports"], nlohmann::json({"autre"}));
    EXPECT_EQ(second.answers["apports.autre"], "Le lien\nsocial");
}

TEST(ResponseImporter, RejectsGoToTheRejectFileWithTheirReasons)
{
    MemoryStore store;
    const auto run = importFile(store);
    auto rows = exports::CsvReader::fromString(run.rejects).readAll();
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0].fields,
              (std::vector<std::string>{"N°", "Date", "Nom", "Courriel", "Apports", "Contact", "motif du rejet"}));
    EXPECT_EQ(rows[1].fields[0], "3");
    EXPECT_EQ(rows[1].fields[6],
              "ligne 5 : colonne « Contact » : « peut-être » n'est ni oui ni non ; colonne « Courriel » : "
              "Saisissez une adresse électronique valide, par exemple nom@commune.fr.");
    EXPECT_EQ(rows[2].fields[0], "4");
    EXPECT_THAT(rows[2].fields[6], HasSubstr("ligne 6 : date de soumission : la date « pas de date »"));
    EXPECT_EQ(rows[3].fields[0],
              "5");  // the same address as row 1 (unique_by email); lines count the quoted line break of row 2
    EXPECT_THAT(rows[3].fields[6], HasSubstr("ligne 7 : Une réponse avec ces informations a déjà été enregistrée"));
}

TEST(ResponseImporter, ValidationErrorsNameTheirColumn)
{
    MemoryStore store;
    FixedClock clock;
    submission::SubmissionService service(store, clock, nullptr);
    auto reader = exports::CsvReader::fromString("Date;Courriel\n08/12/2021 14:32;pas-une-adresse\n");
    exports::CsvRecord header;
    ASSERT_TRUE(reader.next(header));
    const auto mapping = parseImportMapping("submitted_at: Date\ncolumns: {Courriel: email}\n");
    std::string out;
    exports::CsvWriter rejects(exports::CsvDialect::rfc4180(), [&out](std::string_view s) { out += s; });
    ResponseImporter importer(test::testForm(), mapping, header.fields, service, "f.csv");
    const auto summary = importer.run(reader, rejects);
    rejects.flush();
    EXPECT_EQ(summary.rejected, 1u);
    const auto rows = exports::CsvReader::fromString(out).readAll();
    ASSERT_EQ(rows.size(), 2u);
    // One sentence per problem: the e-mail at its column, the required name at its question.
    EXPECT_THAT(rows[1].fields[2], HasSubstr("colonne « Courriel » : "));
    EXPECT_THAT(rows[1].fields[2], HasSubstr(" ; question « Vos prénom et nom » (sans colonne) : "));
}

TEST(ResponseImporter, SecondRunStoresNothing)
{
    MemoryStore store;
    importFile(store);
    const auto again = importFile(store);
    EXPECT_EQ(store.responses.size(), 2u);
    EXPECT_EQ(again.summary.imported, 0u);
    EXPECT_EQ(again.summary.already_imported, 2u);
    EXPECT_EQ(again.summary.rejected, 3u);
}

TEST(ResponseImporter, KeyDependsOnEveryFieldAndTheTime)
{
    const domain::TimePoint t{};
    const auto key = importKey("f", t, {"a", "b"});
    EXPECT_EQ(key, importKey("f", t, {"a", "b"}));
    EXPECT_NE(key, importKey("f", t, {"a", "c"}));
    EXPECT_NE(key, importKey("f", t, {"ab", ""}));
    EXPECT_NE(key, importKey("g", t, {"a", "b"}));
    EXPECT_NE(key, importKey("f", t + std::chrono::seconds(1), {"a", "b"}));
    EXPECT_LE(key.size(), 128u);
}

TEST(DryRunStore, ReportsDuplicateClaimsWithinTheFile)
{
    DryRunStore store;
    FixedClock clock;
    submission::SubmissionService service(store, clock, nullptr);
    const auto& form = test::testForm();
    const nlohmann::json answers{{"nom", "A"}, {"email", "a@x.fr"}};
    const auto outcomes =
        service.importResponses(form, {{answers, {}, "k1"}, {answers, {}, "k1"}, {answers, {}, "k2"}}, "f");
    ASSERT_EQ(outcomes.size(), 3u);
    ASSERT_TRUE(outcomes[0].stored);
    EXPECT_FALSE(outcomes[0].stored->replayed);
    ASSERT_TRUE(outcomes[1].stored);
    EXPECT_TRUE(outcomes[1].stored->replayed);  // the same record twice in the file
    ASSERT_FALSE(outcomes[2].stored);  // another record claiming the same address
    EXPECT_THROW(std::rethrow_exception(outcomes[2].error), submission::SubmissionRefused);
}

}  // namespace
}  // namespace tnt::importing

namespace tnt::importing {
namespace {

TEST(ResponseImporter, ARejectListsConversionAndValidationProblemsTogether)
{
    MemoryStore store;
    FixedClock clock;
    submission::SubmissionService service(store, clock, nullptr);
    auto reader = exports::CsvReader::fromString(
        "Date,Courriel,Thèmes,Contact\n"
        "08/12/2021 14:32,pas-une-adresse,Urbanisme,oui\n"
        "08/12/2021 14:33,a@b.fr\n");
    exports::CsvRecord header;
    ASSERT_TRUE(reader.next(header));
    const auto mapping =
        parseImportMapping("submitted_at: Date\ncolumns: {Courriel: email, Thèmes: themes, Contact: contact}\n");
    std::string out;
    exports::CsvWriter rejects(exports::CsvDialect::rfc4180(), [&out](std::string_view s) { out += s; });
    ResponseImporter importer(test::testForm(), mapping, header.fields, service, "f.csv");
    EXPECT_EQ(importer.run(reader, rejects).rejected, 2u);
    rejects.flush();
    const auto rows = exports::CsvReader::fromString(out).readAll();
    ASSERT_EQ(rows.size(), 3u);
    const auto& reason = rows[1].fields[4];
    EXPECT_THAT(reason, HasSubstr("colonne « Thèmes » : « Urbanisme » n'est pas un choix de la question"));
    EXPECT_THAT(reason, HasSubstr("colonne « Courriel » : "));
    EXPECT_THAT(reason, HasSubstr("question « Vos prénom et nom » (sans colonne) : "));
    EXPECT_THAT(reason, ::testing::Not(HasSubstr("colonne « Thèmes » : Cette question")));
    EXPECT_EQ(rows[2].fields[4],
              "ligne 3 : la ligne a 2 colonne(s) au lieu de 4 : un séparateur ou un guillemet mal placé ?");
}

}  // namespace
}  // namespace tnt::importing

namespace tnt::importing {
namespace {

// A store that records each chunk the importer hands it (its size and the thread that stored it) and can
// fail like a database gone on its n-th chunk.
class ChunkRecordingStore final : public submission::ResponseStore {
public:
    submission::StoredResponse store(const submission::NewResponse& response) override { return inner.store(response); }
    std::optional<submission::StoredResponse> findByIdempotencyKey(const std::string& form_slug,
                                                                   const std::string& key) override
    {
        return inner.findByIdempotencyKey(form_slug, key);
    }
    std::vector<submission::StoreOutcome> storeAll(const std::vector<const submission::NewResponse*>& batch) override
    {
        chunks.push_back(batch.size());
        threads.push_back(std::this_thread::get_id());
        if (chunks.size() == fail_at) throw std::runtime_error("la base ne répond plus");
        return ResponseStore::storeAll(batch);
    }

    MemoryStore inner;
    std::size_t fail_at = 0;  // 0: never
    std::vector<std::size_t> chunks;
    std::vector<std::thread::id> threads;
};

// `rows` records, every third one with an invalid address: 700 records make three chunks (256, 256, 188).
std::string manyRecords(int rows)
{
    std::string text = "Date;Nom;Courriel\n";
    for (int i = 1; i <= rows; ++i) {
        text += "08/12/2021 14:32;Élu " + std::to_string(i) + ";";
        text += i % 3 == 0 ? "pas-une-adresse" : "elu" + std::to_string(i) + "@commune.fr";
        text += "\n";
    }
    return text;
}

struct ChunkedRun {
    ImportSummary summary;
    std::vector<exports::CsvRecord> rejects;
    std::vector<std::uint64_t> progress;
    std::vector<std::thread::id> started;  // the threads the hooks initialised, in order
    int ended = 0;
};

ChunkedRun importChunked(ChunkRecordingStore& store, int rows)
{
    FixedClock clock;
    submission::SubmissionService service(store, clock, nullptr);
    auto reader = exports::CsvReader::fromString(manyRecords(rows));
    exports::CsvRecord header;
    EXPECT_TRUE(reader.next(header));
    const auto mapping = parseImportMapping("submitted_at: Date\ncolumns: {Nom: nom, Courriel: email}\n");
    ChunkedRun run;
    std::mutex hooks;
    std::string out;
    exports::CsvWriter rejects(exports::CsvDialect::rfc4180(), [&out](std::string_view s) { out += s; });
    ResponseImporter importer(test::testForm(), mapping, header.fields, service, "f.csv",
                              {[&] {
                                   std::lock_guard lock(hooks);
                                   run.started.push_back(std::this_thread::get_id());
                               },
                               [&] {
                                   std::lock_guard lock(hooks);
                                   ++run.ended;
                               }});
    try {
        run.summary = importer.run(reader, rejects, [&run](std::uint64_t done) { run.progress.push_back(done); });
    } catch (...) {
        rejects.flush();
        run.rejects = exports::CsvReader::fromString(out).readAll();
        throw;
    }
    rejects.flush();
    run.rejects = exports::CsvReader::fromString(out).readAll();
    return run;
}

TEST(ResponseImporter, ChunksAreStoredOnTheirOwnThreadAndReportedInFileOrder)
{
    ChunkRecordingStore store;
    const auto run = importChunked(store, 700);
    EXPECT_EQ(run.summary.read, 700u);
    EXPECT_EQ(run.summary.imported, 467u);
    EXPECT_EQ(run.summary.rejected, 233u);
    // Each chunk's valid records in one store call, on a thread the driver's hooks initialised and ended.
    EXPECT_EQ(store.chunks, (std::vector<std::size_t>{171, 171, 125}));
    EXPECT_EQ(store.threads, run.started);
    for (const auto& id : store.threads) EXPECT_NE(id, std::this_thread::get_id());
    EXPECT_EQ(run.ended, 3);
    EXPECT_EQ(run.progress, (std::vector<std::uint64_t>{256, 512, 700}));
    // The rejects in the file's order across chunks: records 3, 6, 9… on lines 4, 7, 10…
    ASSERT_EQ(run.rejects.size(), 234u);
    for (std::size_t k = 1; k < run.rejects.size(); ++k) {
        EXPECT_EQ(run.rejects[k].fields[1], "Élu " + std::to_string(3 * k));
        EXPECT_THAT(run.rejects[k].fields[3], ::testing::StartsWith("ligne " + std::to_string(3 * k + 1) + " : "));
    }
    // In the file's order in the store too.
    ASSERT_EQ(store.inner.responses.size(), 467u);
    EXPECT_EQ(store.inner.responses.front().answers["nom"], "Élu 1");
    EXPECT_EQ(store.inner.responses.back().answers["nom"], "Élu 700");
}

TEST(ResponseImporter, AStoreFailureStopsTheRunAndKeepsTheChunksStoredBefore)
{
    ChunkRecordingStore store;
    store.fail_at = 2;
    EXPECT_THROW(importChunked(store, 700), std::runtime_error);
    // The first chunk stays stored; the third one is never handed to the store.
    EXPECT_EQ(store.inner.responses.size(), 171u);
    EXPECT_EQ(store.chunks, (std::vector<std::size_t>{171, 171}));
    // A new run resumes: the first chunk's records are answered as already imported.
    store.fail_at = 0;
    const auto again = importChunked(store, 700);
    EXPECT_EQ(again.summary.already_imported, 171u);
    EXPECT_EQ(again.summary.imported, 296u);
}

}  // namespace
}  // namespace tnt::importing
