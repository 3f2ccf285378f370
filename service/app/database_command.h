// What the one-shot commands (migrate, token, export, import) share: a checked database configuration
// and a small connection pool on it.
#pragma once

#include <memory>

#include "service/app/config.h"
#include "service/storage/connection_pool.h"

namespace tnt::app {

// Prints the configuration problems and returns null when there are any (the command exits with 2).
// Throws storage::DatabaseUnavailable when the database cannot be reached.
std::unique_ptr<storage::ConnectionPool> openCommandPool(const DatabaseConfig& database, std::size_t size = 2);

}  // namespace tnt::app
