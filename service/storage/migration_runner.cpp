#include "service/storage/migration_runner.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include "service/crypto/digest.h"
#include "service/storage/sql_script.h"

namespace tnt::storage {
namespace {

constexpr const char* kLockName = "tnt_forms_migrations";

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw MigrationError("cannot read " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void execute(sql::Connection& c, const std::string& statement)
{
    std::unique_ptr<sql::Statement> st(c.createStatement());
    st->execute(statement);
}

// Holds the named lock for the life of the object, so two instances never migrate at once.
class MigrationLock {
public:
    explicit MigrationLock(sql::Connection& c) : connection_(c)
    {
        std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement("SELECT GET_LOCK(?, 60)"));
        st->setString(1, kLockName);
        std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
        if (!rs->next() || rs->getInt(1) != 1) {
            throw MigrationError("another instance is applying migrations (lock not obtained in 60 s)");
        }
    }
    ~MigrationLock()
    {
        try {
            std::unique_ptr<sql::PreparedStatement> st(connection_.prepareStatement("SELECT RELEASE_LOCK(?)"));
            st->setString(1, kLockName);
            std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
        } catch (const sql::SQLException&) {
            // The lock goes with the connection anyway.
        }
    }
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

private:
    sql::Connection& connection_;
};

}  // namespace

std::vector<MigrationFile> readMigrationFiles(const std::filesystem::path& dir)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        throw MigrationError("the migrations directory " + dir.string() + " does not exist");
    }
    static const std::regex pattern(R"(^(\d{4})_[a-z0-9_]+\.sql$)");
    std::map<int, MigrationFile> byVersion;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        const auto name = entry.path().filename().string();
        if (entry.path().extension() != ".sql") continue;
        std::smatch m;
        if (!std::regex_match(name, m, pattern)) {
            throw MigrationError("migration file " + name + " is not named NNNN_name.sql (lowercase, digits, _)");
        }
        MigrationFile file;
        file.version = std::stoi(m[1].str());
        file.name = name;
        file.path = entry.path();
        file.content = readFile(entry.path());
        file.checksum = crypto::sha256Hex(file.content);
        if (byVersion.count(file.version) != 0) {
            throw MigrationError("two migration files have number " + m[1].str() + ": " + byVersion[file.version].name +
                                 " and " + name);
        }
        byVersion.emplace(file.version, std::move(file));
    }
    std::vector<MigrationFile> files;
    files.reserve(byVersion.size());
    for (auto& [version, file] : byVersion) files.push_back(std::move(file));
    return files;
}

MigrationReport MigrationRunner::apply(const std::vector<MigrationFile>& files)
{
    auto lease = pool_.acquire();
    auto& c = lease.connection();
    MigrationReport report;
    try {
        MigrationLock lock(c);
        execute(c,
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INT UNSIGNED NOT NULL PRIMARY KEY,"
                " name VARCHAR(255) NOT NULL,"
                " checksum CHAR(64) NOT NULL,"
                " applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
                ") ENGINE=InnoDB");

        std::map<int, std::pair<std::string, std::string>> applied;  // version -> (name, checksum)
        {
            std::unique_ptr<sql::Statement> st(c.createStatement());
            std::unique_ptr<sql::ResultSet> rs(
                st->executeQuery("SELECT version, name, checksum FROM schema_migrations"));
            while (rs->next()) {
                applied[rs->getInt(1)] = {rs->getString(2), rs->getString(3)};
            }
        }

        for (const auto& file : files) {
            const auto found = applied.find(file.version);
            if (found != applied.end()) {
                if (found->second.second != file.checksum) {
                    throw MigrationError("migration " + file.name + " was applied with checksum " +
                                         found->second.second.substr(0, 12) + "… but the file now has " +
                                         file.checksum.substr(0, 12) +
                                         "…: an applied migration must not change; add a new migration instead");
                }
                ++report.already_applied;
                continue;
            }
            // MariaDB commits DDL implicitly, so a migration is not atomic: keep each file to statements
            // that can be re-run safely (IF NOT EXISTS) when a previous attempt stopped half way.
            for (const auto& statement : splitSqlStatements(file.content)) {
                try {
                    execute(c, statement);
                } catch (const sql::SQLException& e) {
                    throw MigrationError("migration " + file.name + " failed: " + e.what() +
                                         "\nstatement: " + statement.substr(0, 200));
                }
            }
            std::unique_ptr<sql::PreparedStatement> st(
                c.prepareStatement("INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)"));
            st->setInt(1, file.version);
            st->setString(2, file.name);
            st->setString(3, file.checksum);
            st->executeUpdate();
            report.applied.push_back(file.name);
        }
    } catch (const sql::SQLException& e) {
        lease.markBroken();
        throw MigrationError(std::string("database error while migrating: ") + e.what());
    }
    return report;
}

}  // namespace tnt::storage
