#include "service/storage/driver_errors.h"

namespace tnt::storage {

bool isConnectionLost(const sql::SQLException& e)
{
    switch (e.getErrorCode()) {
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1927:  // ER_CONNECTION_KILLED
        return true;
    default:
        // Connector/C++ reports some lost connections with SQLSTATE 08xxx and no error code.
        return e.getSQLState().rfind("08", 0) == 0;
    }
}

bool isTransientRefusal(const sql::SQLException& e)
{
    switch (e.getErrorCode()) {
    case 1290:  // ER_OPTION_PREVENTS_STATEMENT (read_only)
    case 1836:  // ER_READ_ONLY_MODE
    case 1792:  // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
    case 1021:  // ER_DISK_FULL
    case 1114:  // ER_RECORD_FILE_FULL
    case 1040:  // ER_CON_COUNT_ERROR
        return true;
    default:
        return false;
    }
}

bool isRetryableConflict(const sql::SQLException& e)
{
    return e.getErrorCode() == kErrDeadlock || e.getErrorCode() == kErrLockWaitTimeout;
}

void throwStorageError(const sql::SQLException& e, ConnectionPool::Lease* lease)
{
    const std::string what = "[" + std::to_string(e.getErrorCode()) + "] " + e.what();
    if (isConnectionLost(e)) {
        if (lease != nullptr) lease->markBroken();
        throw DatabaseUnavailable("connection lost: " + what);
    }
    if (isTransientRefusal(e)) throw DatabaseUnavailable("the database refuses writes now: " + what);
    using Kind = DatabaseError::Kind;
    const auto kind = isRetryableConflict(e)                 ? Kind::conflict
                      : e.getErrorCode() == kErrDuplicateKey ? Kind::duplicate_key
                      : e.getErrorCode() == kErrNoSuchTable  ? Kind::missing_table
                                                             : Kind::other;
    throw DatabaseError(kind, e.getErrorCode(), what);
}

}  // namespace tnt::storage
