// Inside service/storage only: what a MySQL Connector/C++ exception means, and its translation into the
// storage layer's own errors (database_error.h). The server's error numbers are named here, once.
#pragma once

#include <cppconn/exception.h>

#include "service/storage/connection_pool.h"
#include "service/storage/database_error.h"

namespace tnt::storage {

inline constexpr int kErrDuplicateKey = 1062;  // ER_DUP_ENTRY
inline constexpr int kErrDeadlock = 1213;  // ER_LOCK_DEADLOCK
inline constexpr int kErrLockWaitTimeout = 1205;  // ER_LOCK_WAIT_TIMEOUT
inline constexpr int kErrNoSuchTable = 1146;  // ER_NO_SUCH_TABLE

// True when the error means the connection is gone and must not be reused.
bool isConnectionLost(const sql::SQLException& e);

// True when the server is up but cannot take writes now (read-only, disk full, too many connections).
bool isTransientRefusal(const sql::SQLException& e);

// True for a deadlock or a lock wait timeout: the transaction was rolled back and may be run again.
bool isRetryableConflict(const sql::SQLException& e);

// Throws the storage error that `e` means; marks `lease` broken when the connection is gone.
[[noreturn]] void throwStorageError(const sql::SQLException& e, ConnectionPool::Lease* lease);

}  // namespace tnt::storage
