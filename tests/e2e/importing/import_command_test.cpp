// `tnt-forms import` on sample exports written for these tests: a framaforms export of the 2021 survey
// (labels as headers, French dates, ';', Windows-1252, quoted line breaks and semicolons), the same survey as
// Drupal Webform's own exporters write it (data/webform_samples.py: three header rows, a multiple choice over
// one column per option, drafts, UTF-16LE for the "Excel" download) and Airtable sign-ups (its own column
// names, comma-joined groups, ISO dates). Valid rows are stored at their own time
// with the file as source, bad rows end in the reject file with their reason, a second run stores nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "exports/csv_reader.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

const std::string framaforms_file = "framaforms-sensibilisation-elus.csv";
const std::string airtable_file = "airtable-inscriptions.csv";

class ImportCommandTest : public ::testing::Test {
protected:
    TestEnvironment env;
    std::unique_ptr<TestDatabase> db;
    std::filesystem::path work;

    void SetUp() override
    {
        TNT_REQUIRE_TEST_DATABASE(env);
        db = std::make_unique<TestDatabase>(env);
        work = std::filesystem::temp_directory_path() / ("tnt-import-" + db->name());
        std::filesystem::create_directories(work);
    }
    void TearDown() override
    {
        if (!work.empty()) std::filesystem::remove_all(work);
    }

    std::string data(const std::string& name) const { return env.source_dir + "/tests/e2e/importing/data/" + name; }

    void migrate()
    {
        const auto r = runCommand(env.binary, {"migrate", "--schema", env.source_dir + "/schema"},
                                  databaseEnvironment(db->settings()));
        ASSERT_EQ(r.status, 0) << r.output;
    }

    // Copies the sample next to a reject path of its own, so tests never write in the source tree.
    CommandResult import(const std::string& slug, const std::string& file, std::vector<std::string> extra = {})
    {
        const auto copy = work / file;
        if (!std::filesystem::exists(copy)) std::filesystem::copy_file(data(file), copy);
        const auto mapping = data(std::filesystem::path(file).stem().string() + ".mapping.yaml");
        std::vector<std::string> args{
            "import", slug, copy.string(), "--mapping", mapping, "--forms", env.source_dir + "/forms"};
        args.insert(args.end(), extra.begin(), extra.end());
        return runCommand(env.binary, args, databaseEnvironment(db->settings()));
    }

    // `import --suggest-mapping` on `copy`, with no database reachable (it needs none).
    CommandResult suggest(const std::string& slug, const std::filesystem::path& copy)
    {
        return runCommand(env.binary,
                          {"import", slug, copy.string(), "--suggest-mapping", "--forms", env.source_dir + "/forms"},
                          {{"TNT_FORMS_DB_SOCKET", "/nonexistent.sock"}, {"TNT_FORMS_DB_PASSWORD", "x"}});
    }
    // Imports `copy` with the mapping file `mapping`.
    CommandResult importWith(const std::string& slug, const std::filesystem::path& copy,
                             const std::filesystem::path& mapping, std::vector<std::string> extra = {})
    {
        std::vector<std::string> args{
            "import", slug, copy.string(), "--mapping", mapping.string(), "--forms", env.source_dir + "/forms"};
        args.insert(args.end(), extra.begin(), extra.end());
        return runCommand(env.binary, args, databaseEnvironment(db->settings()));
    }

    std::vector<tnt::exports::CsvRecord> rejects(const std::string& file) const
    {
        const auto path = work / (std::filesystem::path(file).stem().string() + ".rejets.csv");
        if (!std::filesystem::exists(path)) return {};
        return tnt::exports::CsvReader::fromFile(path).readAll();
    }

    long long responses(const std::string& where) { return db->count("responses WHERE " + where); }
    // Answer rows (the statistics' view of the answers) matching `where` over `a`.
    long long rows(const std::string& where)
    {
        return db->count(std::string(TestDatabase::answer_rows) + " WHERE " + where);
    }
    // The stored text of answer `key` (a question, or "question.autre") in the response where it `matches`.
    std::string text(const std::string& key, const std::string& matches = "IS NOT NULL")
    {
        const auto value = "JSON_VALUE(answers, '$.\"" + key + "\"')";
        return db->scalar("SELECT " + value + " FROM responses WHERE " + value + " " + matches);
    }
};

TEST_F(ImportCommandTest, FramaformsExportIsImportedWithItsOriginalTimes)
{
    migrate();
    const auto r = import("sensibilisation-elus", framaforms_file);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("lues : 8"));
    EXPECT_THAT(r.output, HasSubstr("importées : 4"));
    EXPECT_THAT(r.output, HasSubstr("rejetées : 4"));

    EXPECT_EQ(responses("source = '" + framaforms_file + "'"), 4);
    EXPECT_EQ(responses("1"), 4);
    // 08/12/2021 14:32 in Paris is 13:32 UTC; 31/10/2021 02:30 (twice that night) is its first occurrence.
    EXPECT_EQ(responses("submitted_at = '2021-12-08 13:32:00'"), 1);
    EXPECT_EQ(responses("submitted_at = '2021-10-31 00:30:00'"), 1);
    // Labels became option keys, the comma inside a label did not split it, Windows-1252 became UTF-8.
    EXPECT_EQ(rows("a.question_key = 'enjeux_percus' AND a.option_key = 'attractivite'"), 1);
    EXPECT_EQ(rows("a.question_key = 'formations_connues' AND a.option_key = 'association_elus'"), 1);
    EXPECT_EQ(rows("a.question_key = 'aise_sujets' AND a.option_key = 'plutot_aise'"), 2);
    EXPECT_EQ(rows("a.question_key = 'departement' AND a.option_key = '2A'"), 1);
    EXPECT_EQ(rows("a.question_key = 'contact_consentement' AND a.option_key = 'oui'"), 1);
    EXPECT_EQ(text("commentaires", "LIKE 'Très%'"),
              "Très bien ; merci.\nUne deuxième ligne : « guillemets » et œuvre.");
    EXPECT_EQ(text("mandat.autre"), "Adjointe aux finances");
    EXPECT_EQ(text("enjeux_percus.autre"), "Le lien social entre générations");
    // The statistics counters took every imported row before the command ended (nothing left pending).
    EXPECT_EQ(db->count("count_pending"), 0);
    EXPECT_EQ(db->scalar("SELECT SUM(n) FROM response_counts"), "4");
    EXPECT_EQ(db->scalar("SELECT SUM(n) FROM answer_counts WHERE question_key = 'aise_sujets' AND option_key = "
                         "'plutot_aise'"),
              "2");
}

TEST_F(ImportCommandTest, FramaformsBadRowsEndInTheRejectFileWithTheirReason)
{
    migrate();
    ASSERT_EQ(import("sensibilisation-elus", framaforms_file).status, 0);
    const auto rows = rejects(framaforms_file);
    ASSERT_EQ(rows.size(), 5u);
    const auto& header = rows[0].fields;
    ASSERT_EQ(header.size(), 22u);
    EXPECT_EQ(header.front(), "N°");
    EXPECT_EQ(header.back(), "motif du rejet");
    std::map<std::string, std::string> reasons;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].fields.size(), 22u);
        reasons[rows[i].fields[0]] = rows[i].fields.back();
    }
    EXPECT_THAT(reasons["5"], HasSubstr("Choisissez une note entre 1 et 5."));
    EXPECT_THAT(reasons["6"], HasSubstr("date de soumission : la date « 31/02/2021 10:00 » n'existe pas"));
    EXPECT_THAT(reasons["7"], HasSubstr("« Moyennement » n'est pas un choix de la question"));
    EXPECT_THAT(reasons["7"], HasSubstr("Sélectionnez au plus 3 réponses."));
    EXPECT_THAT(reasons["8"], HasSubstr("colonne « Votre adresse électronique » : Ce champ est obligatoire."));
    // The original fields are kept, in UTF-8.
    EXPECT_EQ(rows[3].fields[4], "Moyennement");
    EXPECT_EQ(rows[4].fields[18], "Yann Le Goff");
}

TEST_F(ImportCommandTest, ImportingTheSameFileTwiceStoresNothingTwice)
{
    migrate();
    ASSERT_EQ(import("sensibilisation-elus", framaforms_file).status, 0);
    const auto again = import("sensibilisation-elus", framaforms_file);
    ASSERT_EQ(again.status, 0) << again.output;
    EXPECT_THAT(again.output, HasSubstr("importées : 0"));
    EXPECT_THAT(again.output, HasSubstr("déjà importées : 4"));
    EXPECT_THAT(again.output, HasSubstr("rejetées : 4"));
    EXPECT_EQ(responses("1"), 4);
    EXPECT_EQ(rows("a.question_key = 'importance_numerique'"), 4);
}

TEST_F(ImportCommandTest, AirtableSignUpsAreImportedWithTheirGroups)
{
    migrate();
    const auto r = import("inscription-groupes-projets", airtable_file);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("importées : 4"));
    EXPECT_THAT(r.output, HasSubstr("rejetées : 4"));
    EXPECT_EQ(responses("source = '" + airtable_file + "'"), 4);
    EXPECT_EQ(responses("submitted_at = '2022-03-14 09:12:45'"), 1);
    EXPECT_EQ(responses("submitted_at = '2022-05-02 08:30:00'"), 1);  // "2022-05-02 10:30", Paris summer time
    // Comma-joined groups, one of them with three names; a group name with "&" and parentheses.
    EXPECT_EQ(db->count("registrations"), 7);
    EXPECT_EQ(db->count("registrations WHERE group_code = 'GP6'"), 1);
    EXPECT_EQ(rows("a.question_key = 'role' AND a.option_key = 'elu'"), 1);
    EXPECT_EQ(rows("a.question_key = 'type_structure' AND a.option_key = 'epci'"), 1);
    EXPECT_EQ(text("role.autre"), "Prestataire");
    EXPECT_EQ(rows("a.question_key = 'departement' AND a.option_key = '21'"), 1);  // "Côte-d'Or"
    EXPECT_EQ(text("fonction", "LIKE 'Charg%'"), "Chargée de mission\ndonnées");

    const auto rows = rejects(airtable_file);
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0].fields.back(), "motif du rejet");
    EXPECT_THAT(rows[1].fields.back(), HasSubstr("colonne « Email » : Saisissez une adresse électronique valide"));
    EXPECT_THAT(rows[2].fields.back(), HasSubstr("déjà été enregistrée"));
    EXPECT_THAT(rows[3].fields.back(), HasSubstr("« Intelligence artificielle » n'est pas un choix de la question"));
    EXPECT_THAT(rows[3].fields.back(), HasSubstr("colonne « Structure » : Ce champ est obligatoire."));
    EXPECT_THAT(rows[4].fields.back(), HasSubstr("colonne « Consentement RGPD » : Cochez cette case pour continuer."));

    const auto again = import("inscription-groupes-projets", airtable_file);
    ASSERT_EQ(again.status, 0) << again.output;
    EXPECT_THAT(again.output, HasSubstr("déjà importées : 4"));
    EXPECT_EQ(responses("1"), 4);
    EXPECT_EQ(db->count("registrations"), 7);
}

TEST_F(ImportCommandTest, DryRunStoresNothing)
{
    migrate();
    const auto r = import("sensibilisation-elus", framaforms_file, {"--dry-run"});
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("importables : 4"));
    EXPECT_THAT(r.output, HasSubstr("rejetées : 4"));
    EXPECT_EQ(responses("1"), 0);
    EXPECT_EQ(rejects(framaforms_file).size(), 5u);
}

TEST_F(ImportCommandTest, SuggestMappingNeedsNoDatabase)
{
    const auto copy = work / framaforms_file;
    std::filesystem::copy_file(data(framaforms_file), copy);
    const auto r = suggest("sensibilisation-elus", copy);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("column: \"Date de soumission\""));
    EXPECT_THAT(r.output, HasSubstr("\"Quel mandat exercez-vous ?\": mandat"));
    EXPECT_THAT(r.output, HasSubstr("- \"Adresse IP\""));
}

// Each Webform download, imported with the mapping --suggest-mapping proposes for it, as it is.
TEST_F(ImportCommandTest, WebformExportsAreImportedWithTheSuggestedMappingAsTheyAre)
{
    migrate();
    for (const std::string file : {"webform-sensibilisation-elus.tsv", "webform-sensibilisation-elus.csv",
                                   "webform-sensibilisation-elus.xls", "webform-sensibilisation-elus.xlsx"}) {
        SCOPED_TRACE(file);
        db->execute("DELETE FROM responses");
        const auto copy = work / file;
        std::filesystem::copy_file(data(file), copy, std::filesystem::copy_options::overwrite_existing);
        const auto suggested = suggest("sensibilisation-elus", copy);
        ASSERT_EQ(suggested.status, 0) << suggested.output;
        EXPECT_THAT(suggested.output, HasSubstr("column: \"Heure de soumission\""));
        EXPECT_THAT(suggested.output,
                    HasSubstr("\"Selon vous, que peut apporter le numérique à votre territoire ?\": enjeux_percus"));
        EXPECT_THAT(suggested.output, HasSubstr("\"Selon vous, que peut apporter le numérique à votre territoire ? "
                                                "Autre apport\": enjeux_percus.autre"));
        EXPECT_THAT(suggested.output, Not(HasSubstr("Adresse IP"))) << "never read, so never proposed";
        const auto mapping = work / (file + ".mapping.yaml");
        std::ofstream(mapping) << suggested.output;
        const auto r = importWith("sensibilisation-elus", copy, mapping);
        ASSERT_EQ(r.status, 0) << r.output;
        EXPECT_THAT(r.output, HasSubstr("lues : 3"));
        EXPECT_THAT(r.output, HasSubstr("importées : 2"));
        EXPECT_THAT(r.output, HasSubstr("rejetées : 1"));
        EXPECT_THAT(r.output, HasSubstr("brouillons ignorés (Brouillon = 1) : 1"));
        EXPECT_THAT(r.output, HasSubstr("« Adresse IP » « UID » « Nom d'utilisateur »"));
        // 17/10/2021 - 14:32 in Paris is 12:32 UTC; 31/10/2021 - 02:30 (twice that night) its first occurrence.
        EXPECT_EQ(responses("submitted_at = '2021-10-17 12:32:00'"), 1);
        EXPECT_EQ(responses("submitted_at = '2021-10-31 00:30:00'"), 1);
        // The options' columns became one multiple choice; the "other" column its text.
        EXPECT_EQ(rows("a.question_key = 'enjeux_percus' AND a.option_key IN ('services_usagers', 'attractivite', "
                       "'efficacite')"),
                  3);
        EXPECT_EQ(rows("a.question_key = 'enjeux_percus'"), 4) << "and the « autre » choice with its text";
        EXPECT_EQ(text("enjeux_percus.autre"), "Le lien entre les générations");
        EXPECT_EQ(rows("a.question_key = 'themes_interet'"), 5);
        EXPECT_EQ(rows("a.question_key = 'formations_connues' AND a.option_key = 'mooc'"), 1);
        EXPECT_EQ(rows("a.question_key = 'aise_sujets' AND a.option_key = 'tres_aise'"), 1);
        EXPECT_EQ(rows("a.question_key = 'departement' AND a.option_key = '2A'"), 1);
        EXPECT_EQ(text("commentaires", "LIKE 'Très%'"),
                  "Très bien ; merci.\nUne deuxième ligne : « guillemets » et \"citation\".");
        // Nothing of the machine or the account is stored.
        EXPECT_EQ(responses("answers LIKE '%192.0.2.%' OR answers LIKE '%marie.dupont%'"), 0);
        const auto refused = rejects(file);
        ASSERT_EQ(refused.size(), 2u);
        // The fourth submission starts on line 8: the first one's comment has two lines (a sheet's row 7).
        EXPECT_THAT(refused[1].fields.back(), HasSubstr(file.ends_with(".xlsx") ? "ligne 7 : " : "ligne 8 : "));
    }
}

// A Webform export of another survey: the suggestion maps nothing and says which questions lack a column;
// imported anyway, every row is refused (its required answers are missing) and nothing is stored.
TEST_F(ImportCommandTest, AWebformExportOfAnotherFormImportsNothing)
{
    migrate();
    const std::string file = "webform-sensibilisation-elus.tsv";
    const auto copy = work / file;
    std::filesystem::copy_file(data(file), copy);
    const auto suggested = suggest("satisfaction-agenda", copy);
    ASSERT_EQ(suggested.status, 0) << suggested.output;
    EXPECT_THAT(suggested.output, HasSubstr("# Questions sans colonne : profil frequence satisfaction_generale"));
    EXPECT_THAT(suggested.output, Not(HasSubstr(": profil\n")));
    const auto mapping = work / "autre.mapping.yaml";
    std::ofstream(mapping) << suggested.output;
    const auto r = importWith("satisfaction-agenda", copy, mapping);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("importées : 0"));
    EXPECT_THAT(r.output, HasSubstr("rejetées : 3"));
    EXPECT_EQ(responses("1"), 0);
}

// Sphinx's XLSX: one header row of labels, real date cells (read as ISO times), choices one per line.
TEST_F(ImportCommandTest, ASphinxWorkbookIsImportedWithItsDates)
{
    migrate();
    const std::string file = "sphinx-satisfaction-agenda.xlsx";
    const auto copy = work / file;
    std::filesystem::copy_file(data(file), copy);
    const auto suggested = suggest("satisfaction-agenda", copy);
    ASSERT_EQ(suggested.status, 0) << suggested.output;
    EXPECT_THAT(suggested.output, HasSubstr("column: \"Date de réponse\""));
    const auto mapping = work / "sphinx.mapping.yaml";
    std::ofstream(mapping) << suggested.output;
    const auto r = importWith("satisfaction-agenda", copy, mapping);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("importées : 2"));
    EXPECT_THAT(r.output, HasSubstr("rejetées : 1"));  // a recommendation of 11 on a 0–10 scale
    // 14/03/2025 09:30 and 15/03/2025 17:05:30 in Paris (UTC+1).
    EXPECT_EQ(responses("submitted_at = '2025-03-14 08:30:00'"), 1);
    EXPECT_EQ(responses("submitted_at = '2025-03-15 16:05:30'"), 1);
    EXPECT_EQ(rows("a.question_key = 'rubriques_utilisees'"), 3);
    EXPECT_EQ(rows("a.question_key = 'rubriques_utilisees' AND a.option_key = 'ressources'"), 1);
    EXPECT_EQ(rows("a.question_key = 'profil' AND a.option_key = 'agent_collectivite'"), 1);
    EXPECT_EQ(rows("a.question_key = 'recommandation' AND a.num_value = 10"), 1);
}

TEST_F(ImportCommandTest, AWebformFileCutShortOrWithItsHeaderRepeatedSaysWhereAndWhy)
{
    migrate();
    // UTF-16 with an odd number of bytes: refused before anything is stored.
    std::ifstream in(data("webform-sensibilisation-elus.xls"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto cut = work / "coupe.xls";
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() - 1);
    auto r = suggest("sensibilisation-elus", cut);
    // The header alone is read by --suggest-mapping; the whole file by an import.
    ASSERT_EQ(r.status, 0) << r.output;
    const auto mapping = work / "coupe.mapping.yaml";
    std::ofstream(mapping) << r.output;
    r = importWith("sensibilisation-elus", cut, mapping);
    EXPECT_NE(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("fichier UTF-16 tronqué"));

    // Two downloads put end to end: the second header is a clear error with its line.
    std::ifstream tsv(data("webform-sensibilisation-elus.tsv"), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(tsv)), std::istreambuf_iterator<char>());
    const auto twice = work / "deux.tsv";
    const auto third_row = text.find('\n', text.find('\n', text.find('\n') + 1) + 1);
    std::ofstream(twice, std::ios::binary) << text << text.substr(0, third_row + 1);
    r = importWith("sensibilisation-elus", twice, mapping, {"--dry-run"});
    EXPECT_NE(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("ligne 9 : la ligne des en-têtes se répète"));
}

TEST_F(ImportCommandTest, MissingTablesSayToMigrateFirst)
{
    const auto r = import("sensibilisation-elus", framaforms_file);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("tnt-forms migrate"));
}

TEST_F(ImportCommandTest, MappingProblemsStopBeforeAnyRow)
{
    migrate();
    const auto mapping = work / "faux.yaml";
    std::ofstream(mapping) << "submitted_at: Created\ncolumns: {\"Email\": courriel}\n";
    const auto copy = work / airtable_file;
    std::filesystem::copy_file(data(airtable_file), copy);
    const auto r = importWith("inscription-groupes-projets", copy, mapping);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_THAT(r.output, HasSubstr("pas de question « courriel »"));
    EXPECT_THAT(r.output, HasSubstr("« Prénom » du fichier n'est ni dans columns ni dans ignore"));
    EXPECT_EQ(responses("1"), 0);
}

}  // namespace
