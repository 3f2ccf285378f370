// The commands of the tnt-forms binary. Each builds the objects it needs, runs, and returns an exit code:
// 0 success, 1 failure at run time, 2 bad configuration.
#pragma once

#include <string>

#include "service/app/config.h"

namespace tnt::app {

int runServe(const DatabaseConfig& database, const ServeConfig& serve);
int runMigrate(const DatabaseConfig& database, const std::string& schema_dir);
int runFormsCheck(const std::string& dir);
int runTemplatesCheck(const TemplatesCheckConfig& config);
int runImport(const DatabaseConfig& database, const ImportConfig& config);
int runExport(const DatabaseConfig& database, const ExportConfig& config);
int runPurge(const DatabaseConfig& database, const PurgeConfig& config);
int runInvite(const DatabaseConfig& database, const InviteConfig& config);
int runRemind(const DatabaseConfig& database, const RemindConfig& config);
int runTokenCreate(const DatabaseConfig& database, const TokenConfig& config);
int runTokenList(const DatabaseConfig& database);
int runTokenRevoke(const DatabaseConfig& database, const TokenConfig& config);

}  // namespace tnt::app
