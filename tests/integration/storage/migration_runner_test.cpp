#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "service/storage/answer_rows_column.h"
#include "service/storage/migration_runner.h"
#include "tests/support/test_database.h"

using namespace tnt::storage;
namespace fs = std::filesystem;

namespace {

struct MigrationRunnerTest : ::testing::Test {
    tnt::testing::TestEnvironment env;
    std::unique_ptr<tnt::testing::TestDatabase> db;
    fs::path dir;

    void SetUp() override
    {
        TNT_REQUIRE_TEST_DATABASE(env);
        db = std::make_unique<tnt::testing::TestDatabase>(env);
        dir = fs::path(::testing::TempDir()) / ("migrations-" + db->name());
        fs::create_directories(dir);
    }
    void TearDown() override
    {
        if (!dir.empty()) fs::remove_all(dir);
    }
    void write(const std::string& name, const std::string& content) { std::ofstream(dir / name) << content; }
};

}  // namespace

TEST_F(MigrationRunnerTest, AppliesFilesInOrderAndRecordsThem)
{
    write("0002_more.sql", "ALTER TABLE a ADD COLUMN y INT;");
    write("0001_first.sql", "CREATE TABLE a (x INT); INSERT INTO a (x) VALUES (1);");
    const auto report = MigrationRunner(db->pool()).apply(readMigrationFiles(dir));
    EXPECT_EQ(report.applied, (std::vector<std::string>{"0001_first.sql", "0002_more.sql"}));
    EXPECT_EQ(db->count("schema_migrations"), 2);
    EXPECT_EQ(db->scalar("SELECT COUNT(y) + COUNT(x) FROM a"), "1");
}

TEST_F(MigrationRunnerTest, RunningTwiceAppliesNothingNew)
{
    write("0001_first.sql", "CREATE TABLE a (x INT); INSERT INTO a (x) VALUES (1);");
    MigrationRunner(db->pool()).apply(readMigrationFiles(dir));
    const auto second = MigrationRunner(db->pool()).apply(readMigrationFiles(dir));
    EXPECT_TRUE(second.applied.empty());
    EXPECT_EQ(second.already_applied, 1u);
    EXPECT_EQ(db->count("a"), 1) << "the INSERT must not run twice";
}

TEST_F(MigrationRunnerTest, ChangedAppliedMigrationIsRefused)
{
    write("0001_first.sql", "CREATE TABLE a (x INT);");
    MigrationRunner(db->pool()).apply(readMigrationFiles(dir));
    write("0001_first.sql", "CREATE TABLE a (x BIGINT);");
    write("0002_next.sql", "CREATE TABLE b (x INT);");
    try {
        MigrationRunner(db->pool()).apply(readMigrationFiles(dir));
        FAIL() << "a changed migration must be refused";
    } catch (const MigrationError& e) {
        EXPECT_NE(std::string(e.what()).find("0001_first.sql"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("must not change"), std::string::npos) << e.what();
    }
    EXPECT_EQ(
        db->scalar(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'b'"),
        "0")
        << "nothing after the changed file is applied";
}

TEST_F(MigrationRunnerTest, FailingStatementNamesTheFileAndIsNotRecorded)
{
    write("0001_bad.sql", "CREATE TABLE a (x INT); CREATE TABLEAU b;");
    EXPECT_THROW(MigrationRunner(db->pool()).apply(readMigrationFiles(dir)), MigrationError);
    EXPECT_EQ(db->count("schema_migrations"), 0);
}

TEST_F(MigrationRunnerTest, BadlyNamedFileIsRefused)
{
    write("1_first.sql", "SELECT 1;");
    EXPECT_THROW(readMigrationFiles(dir), MigrationError);
}

TEST_F(MigrationRunnerTest, DuplicateNumberIsRefused)
{
    write("0001_a.sql", "SELECT 1;");
    write("0001_b.sql", "SELECT 2;");
    EXPECT_THROW(readMigrationFiles(dir), MigrationError);
}

TEST_F(MigrationRunnerTest, TheProjectSchemaAppliesAndIsIdempotent)
{
    const auto files = readMigrationFiles(fs::path(TNT_SOURCE_DIR) / "schema");
    ASSERT_FALSE(files.empty());
    const auto first = MigrationRunner(db->pool()).apply(files);
    EXPECT_EQ(first.applied.size(), files.size());
    const auto second = MigrationRunner(db->pool()).apply(files);
    EXPECT_TRUE(second.applied.empty());
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND "
                         "table_name = 'responses'"),
              "1");
}

// Responses stored before schema/0005 keep their statistics: their rows in `answers` move into
// responses.answer_rows, then the table goes (0006).
TEST_F(MigrationRunnerTest, AnswerRowsMoveIntoTheResponses)
{
    auto files = readMigrationFiles(std::string(TNT_SOURCE_DIR) + "/schema");
    std::vector<MigrationFile> before;
    for (const auto& f : files) {
        if (f.version < 5) before.push_back(f);
    }
    MigrationRunner runner(db->pool());
    runner.apply(before);
    db->execute("INSERT INTO forms (id, slug) VALUES (1, 'f')");
    db->execute("INSERT INTO form_versions (id, form_id, version, sha256, definition) VALUES (1, 1, 1, 'x', '{}')");
    db->execute(
        "INSERT INTO responses (id, public_id, form_id, form_version_id, submitted_at, answers) VALUES "
        "(1, 'a', 1, 1, NOW(), '{}'), (2, 'b', 1, 1, NOW(), '{}')");
    db->execute(
        "INSERT INTO answers (response_id, form_id, question_key, option_key, num_value, text_value) VALUES "
        "(1, 1, 'note', '', 4, NULL), (1, 1, 'themes', 'donnees', NULL, NULL), (1, 1, 'avis', '', NULL, 'Bien')");
    const auto report = runner.apply(files);
    EXPECT_EQ(report.applied.size(), files.size() - before.size());
    const auto rows = decodeAnswerRows(db->scalar("SELECT answer_rows FROM responses WHERE id = 1"));
    ASSERT_EQ(rows.size(), 3u);
    std::map<std::string, tnt::domain::AnswerRow> by_question;
    for (const auto& row : rows) by_question[row.question_key] = row;
    EXPECT_EQ(by_question["note"].number, 4.0);
    EXPECT_EQ(by_question["themes"].option_key, "donnees");
    EXPECT_FALSE(by_question["avis"].number.has_value());
    EXPECT_TRUE(decodeAnswerRows(db->scalar("SELECT answer_rows FROM responses WHERE id = 2")).empty());
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                         "AND table_name = 'answers'"),
              "0");
}
