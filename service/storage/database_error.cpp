#include "service/storage/database_error.h"

#include <cppconn/exception.h>

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
    case 1205:  // ER_LOCK_WAIT_TIMEOUT
    case 1040:  // ER_CON_COUNT_ERROR
        return true;
    default:
        return false;
    }
}

}  // namespace tnt::storage
