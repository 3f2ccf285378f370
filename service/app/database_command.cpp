#include "service/app/database_command.h"

#include <iostream>

namespace tnt::app {

std::unique_ptr<storage::ConnectionPool> openCommandPool(const DatabaseConfig& database, std::size_t size)
{
    const auto problems = checkDatabaseConfig(database);
    for (const auto& p : problems) std::cerr << "tnt-forms: configuration : " << p << "\n";
    if (!problems.empty()) return nullptr;
    return std::make_unique<storage::ConnectionPool>(toDatabaseSettings(database),
                                                     storage::ConnectionPool::Options{.size = size});
}

}  // namespace tnt::app
