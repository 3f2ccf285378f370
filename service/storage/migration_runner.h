// Applies schema/NNNN_name.sql files in order, each recorded in schema_migrations with its SHA-256.
// An applied file is never applied again; one whose content changed since is refused, because the
// database no longer matches what the file says. A named lock lets several instances start together.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "service/storage/connection_pool.h"

namespace tnt::storage {

struct MigrationFile {
    int version = 0;
    std::string name;  // file name, e.g. 0001_init.sql
    std::filesystem::path path;
    std::string checksum;  // sha256 hex of the content
    std::string content;
};

class MigrationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads and orders the migration files of a directory. Throws MigrationError for a badly named file,
// a duplicate version number or an unreadable directory.
std::vector<MigrationFile> readMigrationFiles(const std::filesystem::path& dir);

struct MigrationReport {
    std::vector<std::string> applied;  // file names applied by this run
    std::size_t already_applied = 0;
};

class MigrationRunner {
public:
    explicit MigrationRunner(ConnectionPool& pool) : pool_(pool) {}

    // Applies what is missing. Throws MigrationError when an applied file changed or a statement fails.
    MigrationReport apply(const std::vector<MigrationFile>& files);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
