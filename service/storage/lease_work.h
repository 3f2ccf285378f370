// Runs one piece of database work on a leased connection. A driver exception leaves as the storage
// layer's own error (driver_errors.h), and a connection that died is marked broken so the pool replaces
// it. The repositories' common wrapper.
#pragma once

#include "service/storage/connection_pool.h"
#include "service/storage/driver_errors.h"

namespace tnt::storage {

template <typename Work>
auto withLease(ConnectionPool& pool, Work work)
{
    auto lease = pool.acquire();
    try {
        return work(lease);
    } catch (const sql::SQLException& e) {
        throwStorageError(e, &lease);
    }
}

}  // namespace tnt::storage
