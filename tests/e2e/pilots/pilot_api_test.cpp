// The pilots' API over HTTP: tokens (401/403), group scopes that never leak another group's rows, the CSV
// export read back with libcsv, statistics equal to an independent computation from the same answers.
#include <gtest/gtest.h>

#include <date/date.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "exports/csv_reader.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using nlohmann::json;

namespace {

class PilotApiTest : public SharedServiceSuite<PilotApiTest> {
protected:
    static inline std::string admin, gp_petit, gp_libre, other_form, expired;
    // What was submitted, to compute the statistics independently.
    static inline std::vector<int> notes;
    static inline std::map<std::string, int> petit_or_libre;
    static inline int registrants = 0;

    static void SetUpTestSuite()
    {
        if (!startSuite()) return;
        admin = createToken(env, db->settings(), {"--name", "équipe", "--scope", "form:*"});
        gp_petit =
            createToken(env, db->settings(),
                        {"--name", "pilotes PETIT", "--scope", "form:inscription-test", "--scope", "group:PETIT"});
        gp_libre =
            createToken(env, db->settings(),
                        {"--name", "pilotes LIBRE", "--scope", "form:inscription-test", "--scope", "group:LIBRE"});
        other_form = createToken(env, db->settings(), {"--name", "avis seulement", "--scope", "form:avis"});
        expired = createToken(env, db->settings(), {"--name", "révoqué", "--scope", "form:*"});
        EXPECT_EQ(runCommand(env.binary, {"token", "revoke", "--name", "révoqué"}, databaseEnvironment(db->settings()))
                      .status,
                  0);

        const std::vector<std::string> comments{
            "Très bien ; vraiment", "Ligne 1\nLigne 2", "=HYPERLINK(\"x\")", "\"entre guillemets\"", "-10 %", "@pilote",
            "Élodie à Besançon"};
        for (int i = 0; i < 21; ++i) {
            const int note = 1 + (i * 7) % 5;
            notes.push_back(note);
            json answers{{"note", note}};
            if (i < static_cast<int>(comments.size())) answers["commentaire"] = comments[static_cast<std::size_t>(i)];
            const auto r = httpPostJson(port, "/api/v1/forms/avis/responses", {{"answers", answers}});
            EXPECT_EQ(r.status, 201) << r.body;
        }
        // The last registrant joins both groups: what a PETIT pilot must not learn about LIBRE.
        for (int i = 0; i < 7; ++i) {
            const json groups =
                i == 6 ? json::array({"PETIT", "LIBRE"}) : json::array({i % 3 == 0 ? "PETIT" : "LIBRE"});
            for (const auto& g : groups) ++petit_or_libre[g.get<std::string>()];
            ++registrants;
            const auto r = httpPostJson(port, "/api/v1/forms/inscription-test/responses",
                                        {{"answers",
                                          {{"nom", "Agent " + std::to_string(i)},
                                           {"email", "agent" + std::to_string(i) + "@x.fr"},
                                           {"groupes", groups}}}});
            EXPECT_EQ(r.status, 201) << r.body;
        }
    }
    static HttpResult get(const std::string& target, const std::string& token)
    {
        return httpGet(port, target, {{"Authorization", "Bearer " + token}});
    }
    static std::vector<std::vector<std::string>> readCsv(const std::string& body)
    {
        auto reader = tnt::exports::CsvReader::fromString(body);
        std::vector<std::vector<std::string>> rows;
        tnt::exports::CsvRecord record;
        while (reader.next(record)) rows.push_back(record.fields);
        return rows;
    }
};

}  // namespace

TEST_F(PilotApiTest, MissingWrongOrRevokedTokenIs401)
{
    EXPECT_EQ(httpGet(port, "/api/v1/forms/avis/stats").status, 401);
    EXPECT_EQ(get("/api/v1/forms/avis/stats", "tnt_faux").status, 401);
    const auto revoked = get("/api/v1/forms/avis/stats", expired);
    EXPECT_EQ(revoked.status, 401);
    EXPECT_EQ(revoked.json()["error"], "unauthorized");
    EXPECT_EQ(revoked.header("www-authenticate"), "Bearer realm=\"tnt-forms\"");
}

TEST_F(PilotApiTest, TheBearerSchemeIsCaseInsensitive)
{
    for (const char* scheme : {"bearer ", "BEARER ", "Bearer  "}) {
        EXPECT_EQ(httpGet(port, "/api/v1/forms/avis/stats", {{"Authorization", scheme + admin}}).status, 200) << scheme;
    }
    EXPECT_EQ(httpGet(port, "/api/v1/forms/avis/stats", {{"Authorization", "Basic " + admin}}).status, 401);
}

TEST_F(PilotApiTest, RevokeTakesAnIdOrANameNeverEither)
{
    // A token named like another's number: « --id » revokes that number only.
    const auto named = createToken(env, db->settings(), {"--name", "1", "--scope", "form:avis"});
    ASSERT_FALSE(named.empty());
    EXPECT_NE(runCommand(env.binary, {"token", "revoke", "1"}, databaseEnvironment(db->settings())).status, 0)
        << "a bare argument is refused";
    EXPECT_NE(
        runCommand(env.binary, {"token", "revoke", "--id", "1", "--name", "1"}, databaseEnvironment(db->settings()))
            .status,
        0);
    const auto id = db->scalar("SELECT MAX(id) FROM access_tokens WHERE name = '1'");
    ASSERT_EQ(runCommand(env.binary, {"token", "revoke", "--id", id}, databaseEnvironment(db->settings())).status, 0);
    EXPECT_EQ(db->count("access_tokens WHERE revoked_at IS NULL AND name = 'équipe'"), 1) << "token 1 is untouched";
    EXPECT_EQ(get("/api/v1/forms/avis/stats", named).status, 401);
}

TEST_F(PilotApiTest, TokensExpireAfterAYearUnlessSaidOtherwise)
{
    createToken(env, db->settings(), {"--name", "annuel", "--scope", "form:avis"});
    EXPECT_EQ(db->count("access_tokens WHERE name = 'annuel' AND "
                        "TIMESTAMPDIFF(HOUR, UTC_TIMESTAMP(), expires_at) BETWEEN 365 * 24 - 2 AND 365 * 24"),
              1);
    createToken(env, db->settings(), {"--name", "perpetuel", "--scope", "form:avis", "--expires", "0"});
    EXPECT_EQ(db->count("access_tokens WHERE name = 'perpetuel' AND expires_at IS NULL"), 1);
}

TEST_F(PilotApiTest, TokenOutsideItsFormIs403)
{
    const auto r = get("/api/v1/forms/inscription-test/responses.csv", other_form);
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.json()["error"], "forbidden");
}

TEST_F(PilotApiTest, GroupPilotGets403OnAnotherGroup)
{
    const auto r = get("/api/v1/forms/inscription-test/stats?group=LIBRE", gp_petit);
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.json()["error"], "forbidden");
}

TEST_F(PilotApiTest, GroupPilotSeesOnlyItsGroupThroughEveryRoute)
{
    const auto csv = get("/api/v1/forms/inscription-test/responses.csv?dialect=rfc4180&labels=codes", gp_petit);
    ASSERT_EQ(csv.status, 200) << csv.body;
    const auto rows = readCsv(csv.body);
    ASSERT_EQ(rows.size(), static_cast<std::size_t>(1 + petit_or_libre["PETIT"]));
    const auto& header = rows[0];
    // Only their own group's column: another group's flags would tell who also joined it.
    EXPECT_EQ(std::find(header.begin(), header.end(), "groupes.LIBRE"), header.end());
    EXPECT_EQ(std::find(header.begin(), header.end(), "groupes.FINI"), header.end());
    const auto petit_column = std::find(header.begin(), header.end(), "groupes.PETIT") - header.begin();
    ASSERT_LT(static_cast<std::size_t>(petit_column), header.size());
    for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(rows[i][static_cast<std::size_t>(petit_column)], "1");
    // The state of each sign-up, last column: theirs only, never another group's.
    ASSERT_EQ(header.back(), "etat_inscriptions");
    for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(rows[i].back(), "PETIT:registered") << i;
    const auto labelled = readCsv(get("/api/v1/forms/inscription-test/responses.csv?dialect=rfc4180", gp_petit).body);
    ASSERT_EQ(labelled[0].back(), "État des inscriptions");
    EXPECT_EQ(labelled[1].back(), "PETIT : Inscrit");
    const auto joined =
        readCsv(get("/api/v1/forms/inscription-test/responses.csv?labels=codes&multiple=joined", gp_petit).body);
    ASSERT_EQ(joined.size(), rows.size());
    const auto groups_column = std::find(joined[0].begin(), joined[0].end(), "groupes") - joined[0].begin();
    ASSERT_LT(static_cast<std::size_t>(groups_column), joined[0].size());
    for (std::size_t i = 1; i < joined.size(); ++i) {
        EXPECT_EQ(joined[i][static_cast<std::size_t>(groups_column)], "PETIT");
    }
    for (const auto* path : {"/api/v1/forms/inscription-test/stats", "/api/v1/forms/inscription-test/stats?group=PETIT",
                             "/api/v1/forms/inscription-test/stats?from=2000-01-01&to=2100-01-01"}) {
        const auto stats = get(path, gp_petit);
        ASSERT_EQ(stats.status, 200) << stats.body;
        const auto body = stats.json();
        EXPECT_EQ(body["responses"], petit_or_libre["PETIT"]) << path;
        for (const auto& q : body["questions"]) {
            if (q["key"] != "groupes") continue;
            ASSERT_EQ(q["options"].size(), 1u) << path << " " << q.dump();
            EXPECT_EQ(q["options"][0]["key"], "PETIT");
            EXPECT_EQ(q["options"][0]["count"], petit_or_libre["PETIT"]);
        }
    }
    const auto page = get("/pilote/formulaires/inscription-test", gp_petit);
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Groupe à dix places"), std::string::npos);
    EXPECT_EQ(page.body.find("Groupe sans limite"), std::string::npos) << "the dashboard shows another group";
    EXPECT_EQ(get("/api/v1/forms/inscription-test/stats", admin).json()["responses"], registrants);
}

TEST_F(PilotApiTest, ExcelExportHasBomSemicolonsCrlfAndDisposition)
{
    const auto r = get("/api/v1/forms/avis/responses.csv", admin);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
    const auto first_line = r.body.substr(3, r.body.find("\r\n") - 3);
    EXPECT_NE(first_line.find(';'), std::string::npos) << first_line;
    // Every text quoted (LibreOffice's default import also splits on ','), the time's header says Paris.
    EXPECT_TRUE(first_line.starts_with("\"Identifiant de la réponse\";\"Date de soumission (heure de Paris)\";"))
        << first_line;
    const auto second_line = r.body.substr(r.body.find("\r\n") + 2, 64);
    const std::regex quoted_id_then_bare_time("^\"[^\"]+\";20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2};");
    EXPECT_TRUE(std::regex_search(second_line, quoted_id_then_bare_time)) << second_line;
    EXPECT_NE(r.header("content-disposition").find("avis-reponses-excel-"), std::string::npos);
    EXPECT_NE(r.header("content-type").find("text/csv"), std::string::npos);
}

// Issue 13, item 5: the Excel and the LibreOffice files never share a name, so one never replaces the other
// in the pilot's downloads.
TEST_F(PilotApiTest, EachDownloadHasItsOwnFileNameSayingWhatItIsFor)
{
    std::set<std::string> names;
    for (const auto* path :
         {"/api/v1/forms/avis/responses.csv?dialect=excel", "/api/v1/forms/avis/responses.csv?dialect=rfc4180",
          "/api/v1/forms/avis/stats.csv?dialect=excel", "/api/v1/forms/avis/stats.csv?dialect=rfc4180"}) {
        const auto r = get(path, admin);
        ASSERT_EQ(r.status, 200) << path;
        std::smatch m;
        const auto disposition = r.header("content-disposition");
        ASSERT_TRUE(std::regex_search(disposition, m, std::regex("filename=\"([^\"]+)\""))) << disposition;
        names.insert(m[1].str());
    }
    EXPECT_EQ(names.size(), 4u);
    EXPECT_EQ(names.count(""), 0u);
    const std::regex expected("avis-(reponses|statistiques)-(excel|libreoffice)-[0-9]{4}-[0-9]{2}-[0-9]{2}\\.csv");
    for (const auto& name : names) EXPECT_TRUE(std::regex_match(name, expected)) << name;
}

TEST_F(PilotApiTest, ExportReadBackWithLibcsvKeepsEveryAnswerAndNeutralisesFormulas)
{
    const auto logged = [] { return db->count("export_log WHERE kind = 'responses.csv' AND token_name = 'équipe'"); };
    const auto before = logged();
    const auto rows = readCsv(get("/api/v1/forms/avis/responses.csv", admin).body);
    ASSERT_EQ(rows.size(), notes.size() + 1);
    const auto& header = rows[0];
    const auto comment = std::find(header.begin(), header.end(), "Commentaire") - header.begin();
    ASSERT_LT(static_cast<std::size_t>(comment), header.size()) << "header: " << header.size();
    std::vector<std::string> seen;
    for (std::size_t i = 1; i < rows.size(); ++i) seen.push_back(rows[i][static_cast<std::size_t>(comment)]);
    const std::vector<std::string> expected{"Très bien ; vraiment", "Ligne 1\nLigne 2", "'=HYPERLINK(\"x\")",
                                            "\"entre guillemets\"", "'-10 %",           "'@pilote",
                                            "Élodie à Besançon"};
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(seen[i], expected[i]);
    // The log row is written once the last byte has gone, so it may land just after the client is done.
    for (int i = 0; i < 100 && logged() == before; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(logged(), before + 1);
}

TEST_F(PilotApiTest, StatisticsEqualAnIndependentComputation)
{
    const auto r = get("/api/v1/forms/avis/stats", admin);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto body = r.json();
    EXPECT_EQ(body["responses"], notes.size());
    json note;
    json comment;
    for (const auto& q : body["questions"]) {
        if (q["key"] == "note") note = q;
        if (q["key"] == "commentaire") comment = q;
    }
    ASSERT_TRUE(note.is_object()) << body.dump();
    double sum = 0;
    std::map<int, int> distribution;
    for (int n : notes) {
        sum += n;
        ++distribution[n];
    }
    auto sorted = notes;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(note["n"], notes.size());
    EXPECT_NEAR(note["mean"].get<double>(), sum / static_cast<double>(notes.size()), 1e-9);
    EXPECT_DOUBLE_EQ(note["median"].get<double>(), sorted[sorted.size() / 2]);  // 21 values: the 11th
    EXPECT_DOUBLE_EQ(note["min"].get<double>(), sorted.front());
    EXPECT_DOUBLE_EQ(note["max"].get<double>(), sorted.back());
    ASSERT_EQ(note["distribution"].size(), distribution.size());
    for (const auto& d : note["distribution"]) {
        EXPECT_EQ(d["count"].get<int>(), distribution[static_cast<int>(d["value"].get<double>())]);
    }
    EXPECT_EQ(comment["non_empty"].is_number() ? comment["non_empty"].get<int>() : -1, 7) << comment.dump();
    std::uint64_t total = 0;
    for (const auto& d : body["responses_per_day"]) total += d["count"].get<std::uint64_t>();
    EXPECT_EQ(total, notes.size());
}

TEST_F(PilotApiTest, ChoiceStatisticsAgreeWithTheCsvExport)
{
    const auto stats = get("/api/v1/forms/inscription-test/stats", admin).json();
    json groups;
    for (const auto& q : stats["questions"]) {
        if (q["key"] == "groupes") groups = q;
    }
    ASSERT_TRUE(groups.is_object()) << stats.dump();
    std::map<std::string, int> from_stats;
    for (const auto& o : groups["options"]) from_stats[o["key"].get<std::string>()] = o["count"].get<int>();
    const auto rows = readCsv(get("/api/v1/forms/inscription-test/responses.csv?labels=codes", admin).body);
    std::map<std::string, int> from_csv;
    for (std::size_t c = 0; c < rows[0].size(); ++c) {
        if (rows[0][c].rfind("groupes.", 0) != 0) continue;
        for (std::size_t i = 1; i < rows.size(); ++i) from_csv[rows[0][c].substr(8)] += rows[i][c] == "1" ? 1 : 0;
    }
    EXPECT_EQ(from_stats["PETIT"], petit_or_libre["PETIT"]);
    EXPECT_EQ(from_stats["LIBRE"], petit_or_libre["LIBRE"]);
    EXPECT_EQ(from_csv["PETIT"], from_stats["PETIT"]);
    EXPECT_EQ(from_csv["LIBRE"], from_stats["LIBRE"]);
    EXPECT_EQ(groups["respondents"], registrants);
}

TEST_F(PilotApiTest, StatsCsvAgreesWithTheJson)
{
    const auto json_stats = get("/api/v1/forms/avis/stats", admin).json();
    const auto r = get("/api/v1/forms/avis/stats.csv?dialect=rfc4180", admin);
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.header("content-disposition").find("avis-statistiques-libreoffice-"), std::string::npos);
    std::map<std::string, std::string> note;  // mesure → valeur or effectif
    std::string total;
    for (const auto& row : readCsv(r.body)) {
        if (row.size() < 8) continue;
        if (row[0] == "note") note[row[2]] = row[2] == "répondants" ? row[4] : row[7];
        if (row[0].empty() && row[2] == "total") total = row[4];
    }
    EXPECT_EQ(total, std::to_string(notes.size()));
    double mean = 0;
    for (const auto& q : json_stats["questions"]) {
        if (q["key"] == "note") mean = q["mean"].get<double>();
    }
    char rounded[32];
    std::snprintf(rounded, sizeof rounded, "%.2f", mean);
    std::string expected = rounded;
    while (expected.back() == '0') expected.pop_back();  // the CSV writes 3.1, not 3.10
    if (expected.back() == '.') expected.pop_back();
    EXPECT_EQ(note["moyenne"], expected);
    EXPECT_EQ(note["répondants"], std::to_string(notes.size()));
}

TEST_F(PilotApiTest, BadOptionsAndDatesAre422)
{
    EXPECT_EQ(get("/api/v1/forms/avis/responses.csv?dialect=tsv", admin).status, 422);
    EXPECT_EQ(get("/api/v1/forms/avis/responses.csv?labels=x", admin).status, 422);
    EXPECT_EQ(get("/api/v1/forms/avis/stats?from=2021-02-30", admin).status, 422);
}

TEST_F(PilotApiTest, DateFilterNarrowsTheRows)
{
    const auto none = get("/api/v1/forms/avis/stats?to=2000-01-01", admin);
    ASSERT_EQ(none.status, 200);
    EXPECT_EQ(none.json()["responses"], 0);
    // Query values are percent-decoded: a time with its space encoded, or written as '+'.
    for (const char* query : {"from=2000-01-01%2010:00", "from=2000-01-01+10:00", "%66rom=2000-01-01%2010%3A00"}) {
        const auto all = get(std::string("/api/v1/forms/avis/stats?") + query, admin);
        ASSERT_EQ(all.status, 200) << query << ": " << all.body;
        EXPECT_EQ(all.json()["responses"], notes.size()) << query;
    }
}

TEST_F(PilotApiTest, ExportCommandWritesTheSameBytesAsTheDownloadWithProgress)
{
    const auto path = ::testing::TempDir() + "/export-" + db->name() + ".csv";
    const auto r = runCommand(env.binary, {"export", "avis", "--out", path}, databaseEnvironment(db->settings()));
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("100 %"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(std::to_string(notes.size()) + " réponse(s) exportée(s)"), std::string::npos) << r.output;
    std::ifstream in(path, std::ios::binary);
    const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(file, get("/api/v1/forms/avis/responses.csv", admin).body);
    std::filesystem::remove(path);
    EXPECT_GE(db->count("export_log WHERE token_name = 'cli' AND kind = 'responses.csv' AND form_slug = 'avis'"), 1);
}

// The command's --from/--to/--group are the pilots' filters, checked by the same rules: the file holds what
// the download with the same filters holds, the log names the filters, and a date that does not exist or a
// period that ends before it starts is refused before anything is written.
TEST_F(PilotApiTest, ExportCommandFiltersLikeTheDownload)
{
    const auto environment = databaseEnvironment(db->settings());
    const auto path = ::testing::TempDir() + "/export-filtre-" + db->name() + ".csv";
    const auto read = [](const std::string& file) {
        std::ifstream in(file, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    // The period's days are the programme's (Europe/Paris): tomorrow in UTC is never before today in Paris, so the
    // responses just made are inside, whatever the hour of the run (23:30 UTC is already tomorrow in Paris).
    const auto day = date::format("%F", date::floor<date::days>(std::chrono::system_clock::now()) + date::days{1});
    for (const auto& [from, to] :
         {std::pair{std::string("2000-01-01"), std::string("2000-12-31")}, std::pair{std::string("2000-01-01"), day}}) {
        auto r = runCommand(env.binary, {"export", "avis", "--out", path, "--from", from, "--to", to}, environment);
        ASSERT_EQ(r.status, 0) << r.output;
        const auto file = read(path);
        EXPECT_EQ(file, get("/api/v1/forms/avis/responses.csv?from=" + from + "&to=" + to, admin).body) << to;
        EXPECT_EQ(
            db->count("export_log WHERE token_name = 'cli' AND scope = 'form:avis from:" + from + " to:" + to + "'"),
            1);
        const auto lines = std::count(file.begin(), file.end(), '\n');
        if (to == "2000-12-31") {
            EXPECT_EQ(lines, 1) << "2000 holds no response: the header alone";
        } else {
            EXPECT_GT(lines, 1);
        }
    }
    std::filesystem::remove(path);

    auto r = runCommand(env.binary, {"export", "avis", "--out", path, "--from", "2021-02-30"}, environment);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("« from » n'est pas une date valide"), std::string::npos) << r.output;
    r = runCommand(env.binary, {"export", "avis", "--out", path, "--from", "2021-02-02", "--to", "2021-02-01"},
                   environment);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("La fin de la période précède son début"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(path));
}

// `--format` (or the extension of --out) gives a workbook: the ZIP of an XLSX or an ODS (the ODS's stored mimetype
// first), logged by format; a format that does not exist is refused before anything is written.
TEST_F(PilotApiTest, ExportCommandWritesWorkbooks)
{
    const auto environment = databaseEnvironment(db->settings());
    const auto forms = env.source_dir + "/tests/e2e/data/forms";
    const auto read = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    const auto ods = ::testing::TempDir() + "/export-" + db->name() + ".ods";
    auto r = runCommand(env.binary, {"export", "avis", "--out", ods, "--forms", forms}, environment);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find(std::to_string(notes.size()) + " réponse(s) exportée(s)"), std::string::npos) << r.output;
    EXPECT_EQ(read(ods).substr(30, 54), "mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
    std::filesystem::remove(ods);

    const auto xlsx = ::testing::TempDir() + "/export-" + db->name() + ".bin";
    r = runCommand(env.binary, {"export", "avis", "--out", xlsx, "--format", "xlsx", "--forms", forms}, environment);
    ASSERT_EQ(r.status, 0) << r.output;
    const auto workbook = read(xlsx);
    EXPECT_EQ(workbook.substr(0, 2), "PK");
    EXPECT_NE(workbook.find("xl/worksheets/sheet2.xml"), std::string::npos) << "the statistics sheet";
    std::filesystem::remove(xlsx);
    EXPECT_EQ(db->count("export_log WHERE token_name = 'cli' AND kind IN ('responses.ods', 'responses.xlsx')"), 2);

    const auto pdf = ::testing::TempDir() + "/export-" + db->name() + ".pdf";
    r = runCommand(env.binary, {"export", "avis", "--out", pdf, "--format", "pdf"}, environment);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("--format attend csv, xlsx ou ods"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(pdf));
    r = runCommand(env.binary, {"export", "avis", "--out", ods, "--forms", "/nulle-part"}, environment);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("feuille Statistiques"), std::string::npos) << r.output;
}

// Every format is logged by its name, with the rows and the scope, like the CSV.
TEST_F(PilotApiTest, WorkbookDownloadsAreLoggedAndKeepTheScope)
{
    for (const std::string format : {"xlsx", "ods"}) {
        const auto before =
            db->count("export_log WHERE kind = 'responses." + format + "' AND token_name = 'pilotes PETIT'");
        const auto r = get("/api/v1/forms/inscription-test/responses." + format, gp_petit);
        ASSERT_EQ(r.status, 200) << format;
        EXPECT_EQ(r.body.substr(0, 2), "PK") << format;
        EXPECT_EQ(db->count("export_log WHERE kind = 'responses." + format +
                            "' AND token_name = 'pilotes PETIT' AND scope = 'form:inscription-test group:PETIT'"),
                  before + 1)
            << format;
        EXPECT_EQ(get("/api/v1/forms/inscription-test/responses." + format + "?group=LIBRE", gp_petit).status, 403);
        EXPECT_EQ(get("/api/v1/forms/inscription-test/responses." + format + "?from=2026-01-02&to=2026-01-01", gp_petit)
                      .status,
                  422);
    }
}

TEST_F(PilotApiTest, TokenCommandsListWithoutSecretsAndRefuseBadScopes)
{
    const auto list = runCommand(env.binary, {"token", "list"}, databaseEnvironment(db->settings()));
    ASSERT_EQ(list.status, 0) << list.output;
    EXPECT_NE(list.output.find("pilotes PETIT"), std::string::npos);
    EXPECT_EQ(list.output.find(gp_petit), std::string::npos) << "the secret is shown only once, at creation";
    EXPECT_EQ(db->count("access_tokens WHERE secret_sha256 = '" + gp_petit + "'"), 0) << "only the hash is stored";
    const auto bad = runCommand(env.binary, {"token", "create", "--name", "x", "--scope", "groupe:GP3"},
                                databaseEnvironment(db->settings()));
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.output.find("portée"), std::string::npos) << bad.output;
}
