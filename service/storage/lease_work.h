// Runs one piece of database work on a leased connection, and marks the connection broken when the
// work failed because the connection died, so the pool replaces it. The repositories' common wrapper.
#pragma once

#include <cppconn/exception.h>

#include "service/storage/connection_pool.h"
#include "service/storage/database_error.h"

namespace tnt::storage {

template <typename Work>
auto withLease(ConnectionPool& pool, Work work)
{
    auto lease = pool.acquire();
    try {
        return work(lease);
    } catch (const sql::SQLException& e) {
        if (isConnectionLost(e)) lease.markBroken();
        throw;
    }
}

}  // namespace tnt::storage
